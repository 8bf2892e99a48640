using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Reports;

namespace DistillDsl.Tests.Evaluation;

/// <summary>Test sets with image labels only, or with masks for some defect types only: evaluated at image level, pixel
/// metrics skipped with the reason stated in the report, report.json and summary.md, heat maps still written.</summary>
[Collection(EvaluationCollection.Name)]
public class GraphEvaluatorLabelOnlyTests(EvaluationFixture fixture)
{
    [Fact]
    public void Without_any_mask_the_image_metrics_are_those_of_the_labelled_set_and_pixel_metrics_are_skipped()
    {
        List<DatasetSample> labelsOnly = fixture.Test.Select(s => s with { MaskPath = null }).ToList();
        string output = fixture.NewFolder("labels-only");

        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output }).Evaluate(labelsOnly);

        Assert.Null(report.PixelMetrics);
        Assert.Equal("the test set has image labels only (no ground-truth masks)", report.PixelMetricsSkipped);
        Assert.Equal(fixture.Report.ImageMetrics.Auroc, report.ImageMetrics.Auroc);
        Assert.Equal(fixture.Report.ImageMetrics.F1Max, report.ImageMetrics.F1Max);
        Assert.Equal(fixture.Report.PerDefectType.Select(d => (d.DefectType, d.ImageAuroc)), report.PerDefectType.Select(d => (d.DefectType, d.ImageAuroc)));

        ReportDocument json = ReportJson.Read(Path.Combine(output, "report.json"));
        Assert.Null(json.Metrics.Pixel);
        Assert.Equal(report.PixelMetricsSkipped, json.Metrics.PixelSkipped);
        string summary = File.ReadAllText(Path.Combine(output, ReportLayout.Standard.SummaryMarkdown));
        Assert.Contains("Pixel metrics were skipped: the test set has image labels only (no ground-truth masks).", summary);
        Assert.Contains("| AUROC | ", summary);
        Assert.Equal(labelsOnly.Count, Directory.GetFiles(Path.Combine(output, ReportLayout.HeatmapFolder), "*.png").Length);
    }

    [Fact]
    public void With_masks_for_some_defect_types_only_pixel_metrics_are_skipped_naming_the_types_without()
    {
        List<DatasetSample> partly = fixture.Test.Select(s => s.DefectType is "hole" or "stain" ? s with { MaskPath = null } : s).ToList();

        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions()).Evaluate(partly);

        Assert.Null(report.PixelMetrics);
        Assert.Equal("4 of 6 anomalous test images have no mask (defect types without masks: hole, stain); pixel metrics need a mask for every anomalous image",
                     report.PixelMetricsSkipped);
        Assert.Equal(fixture.Report.ImageMetrics.Auroc, report.ImageMetrics.Auroc);
    }

    [Fact]
    public void With_every_anomalous_image_masked_nothing_is_skipped()
    {
        Assert.NotNull(fixture.Report.PixelMetrics);
        Assert.Null(fixture.Report.PixelMetricsSkipped);
    }
}
