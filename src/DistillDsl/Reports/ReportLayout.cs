namespace DistillDsl.Reports;

/// <summary>The files of a report folder, relative to it:
/// <code>
/// report.json                                  metrics, config name and hash, weights, seed, threshold, timings, machine (ReportJson)
/// summary.md                                   the same for people, with per-defect-type AUROC and the pictures (MarkdownSummary)
/// scores.csv                                   one row per test image: path, defect type, score, label, map file (ScoresCsv)
/// plots/roc-curves_x-fpr_y-tpr.png             image-level (blue) and pixel-level (orange) ROC curves (RocPlot)
/// plots/score-histogram_x-score_y-fraction.png image scores per defect type, threshold dashed (ScoreHistogramPlot)
/// </code>
/// Heat-map overlays are written by the evaluator (anywhere; heatmaps/ beside these is the convention) and referenced by
/// the map_file column. The picture names say what the axes are, so a picture stays readable where no font was found
/// to draw its labels.</summary>
public sealed record ReportLayout(string ScoresCsv, string ReportJson, string SummaryMarkdown, string RocCurvesPng, string ScoreHistogramPng)
{
    public static readonly ReportLayout Standard = new(
        "scores.csv", "report.json", "summary.md", "plots/roc-curves_x-fpr_y-tpr.png", "plots/score-histogram_x-score_y-fraction.png");

    /// <summary>The conventional folder for heat-map overlays, beside the report's files.</summary>
    public const string HeatmapFolder = "heatmaps";

    /// <summary>The same layout with every file under <paramref name="folder"/>.</summary>
    public ReportLayout In(string folder) => new(
        Path.Combine(folder, ScoresCsv), Path.Combine(folder, ReportJson), Path.Combine(folder, SummaryMarkdown),
        Path.Combine(folder, RocCurvesPng), Path.Combine(folder, ScoreHistogramPng));
}
