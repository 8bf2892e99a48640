using DistillDsl.Backbones;
using DistillDsl.Data;
using DistillDsl.Imaging;
using DistillDsl.Metrics;
using DistillDsl.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>Scores a labelled test set with a teacher/student pair: anomaly maps, image scores (map maximum),
/// image metrics, pixel metrics over every pixel of every test image (AUROC, AUPRO, F1-max), and optional heat-map overlays.</summary>
public sealed class DistillationEvaluator(ITappedBackbone teacher, nn.Module<Tensor, Dictionary<string, Tensor>> student, IReadOnlyList<string> taps, double gaussianSigma = 4.0)
{
    /// <param name="heatmapFolder">Where to write one overlay PNG per test image (as <c>&lt;defect&gt;_&lt;stem&gt;.png</c>); null writes none.</param>
    public DetectionResult Evaluate(BatchStream testBatches, string? heatmapFolder = null)
    {
        teacher.AsModule().eval();
        student.eval();
        var images = new List<ImageScore>();
        var maps = new List<float[]>();
        var masks = new List<float[]>();
        bool anyMask = false;
        float mapMin = float.MaxValue, mapMax = float.MinValue;
        var pictures = new List<(float[] Rgb, int Index)>();

        foreach (Batch batch in testBatches)
        {
            using (batch)
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                Tensor input = batch.Images;
                long height = input.shape[2], width = input.shape[3];
                Tensor map = AnomalyMap.Compute(teacher.ForwardTaps(input, taps), student.forward(input), height, width, gaussianSigma);
                float[] scores = AnomalyMap.MaxScore(map).cpu().data<float>().ToArray();
                float[] mapValues = map.cpu().data<float>().ToArray();
                float[] maskValues = batch.Masks.cpu().data<float>().ToArray();
                float[]? rgbValues = heatmapFolder is null ? null : (testBatches.Preprocessing.Normalization?.Invert(input) ?? input).permute(0, 2, 3, 1).cpu().data<float>().ToArray();
                int pixels = (int)(height * width);
                for (int i = 0; i < batch.Count; i++)
                {
                    DatasetSample sample = batch.Samples[i];
                    float[] itemMap = mapValues.AsSpan(i * pixels, pixels).ToArray();
                    float[] itemMask = maskValues.AsSpan(i * pixels, pixels).ToArray();
                    anyMask |= sample.MaskPath is not null;
                    maps.Add(itemMap);
                    masks.Add(itemMask);
                    mapMin = Math.Min(mapMin, itemMap.Min());
                    mapMax = Math.Max(mapMax, itemMap.Max());
                    string? heatmapPath = heatmapFolder is null ? null
                        : Path.Combine(heatmapFolder, $"{sample.DefectType}_{Path.GetFileNameWithoutExtension(sample.ImagePath)}.png");
                    if (rgbValues is not null) pictures.Add((rgbValues.AsSpan(i * pixels * 3, pixels * 3).ToArray(), images.Count));
                    images.Add(new ImageScore(sample.ImagePath, sample.DefectType, sample.IsAnomalous, scores[i], heatmapPath));
                }
            }
        }
        if (images.Count == 0) throw new InvalidOperationException("The test set produced no images to evaluate.");

        ImageMetrics imageMetrics = ImageMetrics.Compute(images.Select(s => s.Score).ToArray(), images.Select(s => s.IsAnomalous).ToArray());
        int size = (int)Math.Sqrt(maps[0].Length);
        PixelMetrics? pixelMetrics = anyMask ? PixelMetrics.Compute(maps, masks, size, size) : null;

        // Colours are scaled over the whole test set, so a brighter map means a higher score in every picture.
        foreach (var (rgb, index) in pictures)
        {
            HeatmapOverlay.WritePng(images[index].HeatmapPath!, size, size, rgb, maps[index], masks[index], mapMin, mapMax);
        }
        return new DetectionResult(imageMetrics, pixelMetrics, images);
    }
}
