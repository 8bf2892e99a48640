namespace DistillDsl.Metrics;

/// <summary>Image-level metrics: one score per image against its label (true = anomalous). AUROC and the ROC curve are null
/// when only one class is present, F1-max when no image is anomalous.</summary>
public sealed record ImageMetrics(int ImageCount, int AnomalousCount, double? Auroc, F1Max? F1Max, RocCurve? Roc)
{
    public static ImageMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        ThresholdCounts counts = ThresholdCounts.FromScores(scores, labels);
        return new ImageMetrics(scores.Length, counts.Positives, RocAuc.FromCounts(counts), Metrics.F1Max.From(counts), RocCurve.From(counts));
    }
}
