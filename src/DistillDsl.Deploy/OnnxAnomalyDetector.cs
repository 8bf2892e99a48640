using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DistillDsl.Deploy;

/// <summary>Scores images with a model exported by DistillDsl (<c>OnnxExporter</c>), on the CPU with ONNX Runtime. The model
/// holds the whole inference path, resize and normalisation included, so any image size goes in as decoded 8-bit RGB and
/// results agree with DistillDsl's own <c>AnomalyDetector</c>. Thread-safe: scoring calls may run in parallel.</summary>
public sealed class OnnxAnomalyDetector : IDisposable
{
    private const string ImageInput = "image";
    private const string MapOutput = "anomaly_map";
    private const string ScoreOutput = "score";

    private readonly InferenceSession session;

    private OnnxAnomalyDetector(InferenceSession session, DetectorModelInfo model)
    {
        this.session = session;
        Model = model;
    }

    /// <summary>What the model says about itself: config, input size, threshold, score kind, preprocessing.</summary>
    public DetectorModelInfo Model { get; }

    /// <summary>Loads an exported model.</summary>
    /// <param name="intraOpThreads">ONNX Runtime's threads per call (null: its default, one per core).</param>
    /// <exception cref="ModelFileException">Missing, not an ONNX model, or not one exported by DistillDsl; the message names the file.</exception>
    public static OnnxAnomalyDetector Load(string modelPath, int? intraOpThreads = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        string path = Path.GetFullPath(modelPath);
        if (!File.Exists(path)) throw new ModelFileException(path, "file not found.");
        using var options = new SessionOptions();
        if (intraOpThreads is int threads) options.IntraOpNumThreads = threads;
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFileException(path, $"ONNX Runtime cannot load it ({e.Message.Trim()}).", e);
        }
        try
        {
            CheckSignature(path, session);
            var model = DetectorModelInfo.From(path, session.ModelMetadata.CustomMetadataMap);
            return new OnnxAnomalyDetector(session, model);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <exception cref="BadImageException">The file cannot be read or decoded.</exception>
    public AnomalyResult Score(string imagePath) => ScoreBatch([ImageDecoder.ReadFile(imagePath)])[0];

    /// <summary>Scores an encoded PNG, JPEG or BMP image.</summary>
    /// <param name="name">A name for messages and the result.</param>
    public AnomalyResult Score(byte[] encodedImage, string name = "image bytes") => ScoreBatch([ImageDecoder.Decode(encodedImage, name)])[0];

    public AnomalyResult Score(RgbPixels image) => ScoreBatch([image])[0];

    /// <summary>Scores decoded images, in order. Consecutive images of one size run as one batch; results do not depend on the batching.</summary>
    public IReadOnlyList<AnomalyResult> ScoreBatch(IReadOnlyList<RgbPixels> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new List<AnomalyResult>(images.Count);
        int start = 0;
        while (start < images.Count)
        {
            int end = start + 1;
            while (end < images.Count && images[end].Width == images[start].Width && images[end].Height == images[start].Height) end++;
            results.AddRange(Run(images.Skip(start).Take(end - start).ToList()));
            start = end;
        }
        return results;
    }

    /// <summary>Scores image files lazily, <paramref name="batchSize"/> files per call of the model.</summary>
    /// <param name="onBadImage">Called with the error for a file that cannot be read or decoded, which then gets no result;
    /// null: the <see cref="BadImageException"/> is thrown.</param>
    public IEnumerable<AnomalyResult> Score(IEnumerable<string> imagePaths, int batchSize = 8, Action<BadImageException>? onBadImage = null)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return ScoreLazily(imagePaths, batchSize, onBadImage);
    }

    private IEnumerable<AnomalyResult> ScoreLazily(IEnumerable<string> imagePaths, int batchSize, Action<BadImageException>? onBadImage)
    {
        foreach (string[] chunk in imagePaths.Chunk(batchSize))
        {
            var images = new List<RgbPixels>();
            foreach (string path in chunk)
            {
                try
                {
                    images.Add(ImageDecoder.ReadFile(path));
                }
                catch (BadImageException e) when (onBadImage is not null)
                {
                    onBadImage(e);
                }
            }
            foreach (AnomalyResult result in ScoreBatch(images)) yield return result;
        }
    }

    public void Dispose() => session.Dispose();

    private List<AnomalyResult> Run(IReadOnlyList<RgbPixels> images)
    {
        int width = images[0].Width, height = images[0].Height;
        var pixels = new byte[images.Count * width * height * 3];
        for (int i = 0; i < images.Count; i++) images[i].Pixels.CopyTo(pixels, i * width * height * 3);
        var input = new DenseTensor<byte>(pixels, [images.Count, height, width, 3]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(ImageInput, input)]);
        float[] maps = outputs.Single(o => o.Name == MapOutput).AsTensor<float>().ToArray();
        float[] scores = outputs.Single(o => o.Name == ScoreOutput).AsTensor<float>().ToArray();

        int mapPixels = Model.InputWidth * Model.InputHeight;
        var results = new List<AnomalyResult>(images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            float score = scores[i];
            if (!float.IsFinite(score))
            {
                throw new InvalidOperationException(
                    $"Model '{Model.ModelPath}' gave image '{images[i].Source}' the score {score}: its anomaly map is not finite, so the model's weights are broken.");
            }
            results.Add(new AnomalyResult(images[i].Source, score, score >= Model.Threshold, Model.Threshold, Model.InputWidth, Model.InputHeight,
                                          maps.AsSpan(i * mapPixels, mapPixels).ToArray()));
        }
        return results;
    }

    private static void CheckSignature(string path, InferenceSession session)
    {
        if (!session.InputMetadata.TryGetValue(ImageInput, out NodeMetadata? input) || input.ElementDataType != TensorElementType.UInt8)
        {
            throw new ModelFileException(path, $"it has no uint8 input '{ImageInput}' (inputs: {string.Join(", ", session.InputMetadata.Keys)}); it was not exported by DistillDsl.");
        }
        foreach (string output in new[] { MapOutput, ScoreOutput })
        {
            if (!session.OutputMetadata.ContainsKey(output))
            {
                throw new ModelFileException(path, $"it has no output '{output}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}); it was not exported by DistillDsl.");
            }
        }
    }
}
