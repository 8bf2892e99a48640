namespace DistillDsl.PowerShell.Output;

/// <summary>The metrics of a trained model on a labelled test set, with where the report and heat maps went.
/// Pixel metrics are null when they were skipped; <see cref="PixelMetricsSkipped"/> says why.</summary>
/// <param name="ImageF1Max">The best image-level F1 over all thresholds.</param>
/// <param name="PerDefectAuroc">Image AUROC per defect type; <see cref="PerDefectSummary"/> says the same in one string
/// (for tables and Export-Csv).</param>
/// <param name="SkippedCount">Test images left out because they could not be read (-BadImage Skip; listed in SkippedImages and the report).</param>
/// <param name="MillisecondsPerImage">Forward pass, map and score per image on the device (median over batches, no file I/O).</param>
/// <param name="ReportPath">The report folder (report.json, summary.md, scores.csv, plots/); null when nothing was written.</param>
/// <param name="HeatmapPath">The heat-map overlays; null without them.</param>
public sealed record DistillEvaluationResult(
    string Config,
    string Category,
    string Checkpoint,
    string Device,
    double? ImageAuroc,
    double? ImageF1Max,
    double? PixelAuroc,
    double? Aupro,
    double? PixelF1Max,
    DistillDefectAuroc[] PerDefectAuroc,
    int ImageCount,
    int NormalCount,
    int AnomalousCount,
    int SkippedCount,
    double? Threshold,
    double MillisecondsPerImage,
    TimeSpan Duration,
    string? ReportPath,
    string? HeatmapPath)
{
    /// <summary>Why PixelAuroc, Aupro and PixelF1Max are null: the test set has image labels only, or masks for some defect
    /// types only. Null when pixel metrics were computed.</summary>
    public string? PixelMetricsSkipped { get; init; }

    /// <summary>The test images counted in SkippedCount (-BadImage Skip), each with the file at fault and the reason.</summary>
    public DistillSkippedImage[] SkippedImages { get; init; } = [];

    /// <summary>Per-defect image AUROC in one line: <c>hole=0.98; scratch=0.91</c>.</summary>
    public string PerDefectSummary => string.Join("; ", PerDefectAuroc.Select(d => d.ToString()));
}
