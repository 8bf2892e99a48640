using System.Globalization;
using DistillDsl.Reports;

namespace DistillDsl.Tests.Reports;

public class MarkdownSummaryTests
{
    [Fact]
    public void States_the_metrics_per_defect_type_threshold_and_pictures()
    {
        EvaluationReport report = SampleReport.Create();
        string text = MarkdownSummary.Format(report, ReportLayout.Standard);
        string F4(double? v) => v!.Value.ToString("F4", CultureInfo.InvariantCulture);

        Assert.Contains($"| AUROC | {F4(report.ImageMetrics.Auroc)} | {F4(report.PixelMetrics!.Auroc)} |", text);
        Assert.Contains($"| AUPRO (to FPR 0.3, normalised) | — | {F4(report.PixelMetrics.Aupro)} |", text);
        Assert.Contains($"| F1-max | {F4(report.ImageMetrics.F1Max!.F1)} | {F4(report.PixelMetrics.F1Max!.F1)} |", text);
        Assert.Contains("| Test images | 9 (5 anomalous, 4 normal) |", text);

        // crack: 0.9, 0.28, 1.5e-8 against normals 0.11, 0.25, 0.3, 0.2. Pairs won: 0.9 beats 4, 0.28 beats 3, 1.5e-8 none → 7/12.
        Assert.Contains("| crack | 3 | 0.5833 |", text);
        // blow|hole: 0.7 beats 4, 0.35 beats 4 → 1. The pipe is escaped so the table keeps its columns.
        Assert.Contains("| blow\\|hole | 2 | 1.0000 |", text);

        Assert.Contains(report.Threshold!.Description, text);
        Assert.Contains("![ROC curves](plots/roc-curves_x-fpr_y-tpr.png)", text);
        Assert.Contains("x = false-positive rate, y = true-positive rate", text);
        Assert.Contains("good blue, blow\\|hole orange, crack green", text);
        Assert.Contains("| Training | 123.4 s |", text);
        Assert.Contains("| CPU | Test CPU @ 2.0GHz |", text);
    }

    [Fact]
    public void Undefined_and_absent_metrics_read_as_such()
    {
        EvaluationReport report = SampleReport.Create(withPixels: false, withThreshold: false);
        report = report with { ImageMetrics = DistillDsl.Metrics.ImageMetrics.Compute([0.1f, 0.2f], [false, false]) };
        string text = MarkdownSummary.Format(report, ReportLayout.Standard);
        Assert.Contains("| AUROC | n/a | skipped |", text);
        Assert.Contains("None chosen.", text);
    }

    [Fact]
    public void States_the_scoring_the_skipped_images_and_a_raw_threshold_on_the_normalised_scale()
    {
        EvaluationReport report = SampleReport.Create();
        report = report with { Scoring = report.Scoring! with { Normalization = DistillDsl.Spec.Model.ScoreNormalization.TestSetMinMax } };
        string text = MarkdownSummary.Format(report, ReportLayout.Standard);

        Assert.Contains("| Image score | maximum of each 256×256 anomaly map, after min-max normalisation of all maps over the test set (pixel range 0.01 to 1.5) |", text);
        Assert.Contains("| Skipped images | 1 (unreadable; see below) |", text);
        Assert.Contains("- `test/good/bad.png`: truncated PNG: the IEND chunk is missing.", text);
        float scaled = (report.Threshold!.Value - 0.01f) / (1.5f - 0.01f);
        Assert.Equal(scaled, report.ThresholdOnReportedScale!.Value, 6);
        Assert.Contains($"That is a raw score; on this report's normalised scale it is {report.ThresholdOnReportedScale.Value.ToString("R", CultureInfo.InvariantCulture)}.", text);
    }
}
