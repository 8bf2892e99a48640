using DistillDsl.Metrics;

namespace DistillDsl.Evaluation;

/// <summary>Metrics of a detector on a labelled test set. Pixel metrics are null when no test image has a mask.</summary>
public sealed record DetectionResult(ImageMetrics Image, PixelMetrics? Pixel, IReadOnlyList<ImageScore> Images)
{
    public double ImageAuroc => Image.Auroc ?? double.NaN;

    public double? PixelAuroc => Pixel?.Auroc;

    /// <summary>Per-region overlap integrated to FPR 0.3 and normalised (MVTec AD's AUPRO).</summary>
    public double? PixelAupro => Pixel?.Aupro;
}
