using System.Reflection;
using DistillDsl.Deploy;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Export;
using DistillDsl.Tests.Training;
using Google.Protobuf;

namespace DistillDsl.Tests.Deploy;

/// <summary>The Deploy API on the tiny trained run's exported model: every way in gives the same result, metadata keys agree
/// with the exporter's, and bad models and images are clear errors naming the file.</summary>
public class OnnxAnomalyDetectorTests : IClassFixture<TrainedTinyRun>
{
    private readonly TrainedTinyRun trained;
    private readonly string folder;
    private readonly string modelPath;

    public OnnxAnomalyDetectorTests(TrainedTinyRun trained)
    {
        this.trained = trained;
        folder = trained.Folder("deploy-" + Guid.NewGuid().ToString("N")[..6]);
        modelPath = OnnxExporter.Export(trained.Result.BestCheckpointPath, Path.Combine(folder, "tiny.onnx")).OnnxPath;
    }

    [Fact]
    public void The_assembly_references_onnx_runtime_and_neither_torchsharp_nor_distilldsl()
    {
        var references = typeof(OnnxAnomalyDetector).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name is "DistillDsl" or "DistillDsl.Spec");
    }

    [Fact]
    public void Every_metadata_key_the_exporter_writes_is_read_and_the_model_states_its_threshold()
    {
        using var detector = OnnxAnomalyDetector.Load(modelPath);
        var keys = typeof(OnnxMetadataKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("distill.", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.All(keys, key => Assert.True(detector.Model.Metadata.ContainsKey(key), $"the model lacks '{key}'."));
        Assert.Equal(OnnxMetadataKeys.FormatValue, DetectorModelInfo.SupportedFormat);
        Assert.Equal(trained.Result.Threshold!.Value, detector.Model.Threshold);
        Assert.Equal(("tiny", TinyTraining.Side), (detector.Model.ConfigName, detector.Model.InputWidth));
        Assert.Equal(trained.Result.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture), detector.Model.Metadata[OnnxMetadataKeys.CheckpointEpoch]);
    }

    [Fact]
    public void A_file_its_bytes_its_pixels_and_a_mixed_batch_give_the_same_results()
    {
        string png = TestImages.Png(Path.Combine(folder, "a.png"), 45, 38, 3, OnnxComparison.Texture(45, 38, 7).Pixels);
        var texture = OnnxComparison.Texture(32, 32, 8);
        var other = new RgbPixels(texture.Width, texture.Height, texture.Pixels, "other");
        using var detector = OnnxAnomalyDetector.Load(modelPath, intraOpThreads: 1);

        AnomalyResult fromFile = detector.Score(png);
        AnomalyResult fromBytes = detector.Score(File.ReadAllBytes(png), "a.png");
        AnomalyResult fromPixels = detector.Score(ImageDecoder.ReadFile(png));
        var batch = detector.ScoreBatch([other, ImageDecoder.ReadFile(png), ImageDecoder.ReadFile(png), other]);

        Assert.Equal(png, fromFile.Source);
        Assert.Equal("a.png", fromBytes.Source);
        Assert.Equal(fromFile.Map, fromBytes.Map);
        Assert.Equal(fromFile.Score, fromPixels.Score);
        Assert.Equal((TinyTraining.Side, TinyTraining.Side, TinyTraining.Side * TinyTraining.Side), (fromFile.MapWidth, fromFile.MapHeight, fromFile.Map.Length));
        Assert.Equal(["other", png, png, "other"], batch.Select(r => r.Source));
        Assert.Equal(fromFile.Score, batch[1].Score, 5);
        Assert.Equal(batch[1].Score, batch[2].Score);
        Assert.Equal(detector.Score(other).Score, batch[3].Score, 5);
        Assert.All(batch, r => Assert.Equal(r.Score >= detector.Model.Threshold, r.IsAnomalous));
    }

    [Fact]
    public void Bad_images_are_errors_naming_them_or_go_to_the_callback_while_the_others_are_scored()
    {
        string good = TestImages.Png(Path.Combine(folder, "good.png"), 32, 32, 3);
        string truncated = Path.Combine(folder, "truncated.png");
        byte[] bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        string text = Path.Combine(folder, "notes.png");
        File.WriteAllText(text, "not an image");
        string missing = Path.Combine(folder, "missing.png");
        using var detector = OnnxAnomalyDetector.Load(modelPath);

        Assert.Contains("truncated PNG", Assert.Throws<BadImageException>(() => detector.Score(truncated)).Message);
        Assert.Contains("not a PNG, JPEG or BMP", Assert.Throws<BadImageException>(() => detector.Score(text)).Message);
        var notFound = Assert.Throws<BadImageException>(() => detector.Score(missing));
        Assert.Equal(missing, notFound.ImageSource);
        Assert.Contains(missing, notFound.Message);

        var bad = new List<BadImageException>();
        var results = detector.Score([truncated, good, missing, good], batchSize: 3, onBadImage: bad.Add).ToList();
        Assert.Equal([good, good], results.Select(r => r.Source));
        Assert.Equal([truncated, missing], bad.Select(b => b.ImageSource));
    }

    [Fact]
    public void Bad_model_files_are_errors_naming_the_file_and_the_reason()
    {
        string missing = Path.Combine(folder, "missing.onnx");
        string garbage = Path.Combine(folder, "garbage.onnx");
        File.WriteAllText(garbage, "this is not a protobuf model");
        string unlabelled = Path.Combine(folder, "unlabelled.onnx");
        using (DistillGraph graph = DistillDsl.Checkpoints.DistillCheckpoint.Read(trained.Result.BestCheckpointPath).BuildGraph())
        {
            File.WriteAllBytes(unlabelled, OnnxExporter.BuildModel(graph, new Dictionary<string, string>()).ToByteArray());
        }

        Assert.Contains("file not found", Assert.Throws<ModelFileException>(() => OnnxAnomalyDetector.Load(missing)).Message);
        var notOnnx = Assert.Throws<ModelFileException>(() => OnnxAnomalyDetector.Load(garbage));
        Assert.Equal(garbage, notOnnx.Path);
        Assert.Contains("ONNX Runtime cannot load it", notOnnx.Message);
        var noMetadata = Assert.Throws<ModelFileException>(() => OnnxAnomalyDetector.Load(unlabelled));
        Assert.Contains(unlabelled, noMetadata.Message);
        Assert.Contains("'distill.format'", noMetadata.Message);
    }
}
