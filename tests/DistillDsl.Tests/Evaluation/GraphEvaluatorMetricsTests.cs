using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;

namespace DistillDsl.Tests.Evaluation;

/// <summary>The evaluator's numbers against the metric functions called directly, on scores and maps computed image by image
/// without the evaluator (<see cref="EvaluationFixture.DirectMap"/>).</summary>
[Collection(EvaluationCollection.Name)]
public class GraphEvaluatorMetricsTests(EvaluationFixture fixture)
{
    private EvaluationReport Evaluate(int batchSize) =>
        new GraphEvaluator(fixture.Graph, new EvaluationOptions { BatchSize = batchSize }).Evaluate(fixture.Test);

    [Fact]
    public void Image_metrics_are_those_of_the_metric_functions_on_the_reported_scores()
    {
        EvaluationReport report = fixture.Report;
        float[] scores = report.Images.Select(i => i.Score).ToArray();
        bool[] labels = report.Images.Select(i => i.IsAnomalous).ToArray();

        Assert.Equal(fixture.Test.Select(s => s.ImagePath), report.Images.Select(i => i.ImagePath));
        Assert.Equal(fixture.Test.Select(s => s.IsAnomalous), labels);
        Assert.InRange(report.ImageMetrics.Auroc!.Value, 0, 1);
        Assert.Equal(RocAuc.Compute(scores, labels), report.ImageMetrics.Auroc!.Value, 12); // rank form, independent of the counts form
        Assert.Equal(F1Max.Compute(scores, labels), report.ImageMetrics.F1Max);
        Assert.InRange(report.ImageMetrics.F1Max!.F1, 0, 1);
        Assert.Equal(6, report.ImageMetrics.AnomalousCount);
    }

    [Fact]
    public void Raw_scores_and_pixel_metrics_match_maps_computed_image_by_image()
    {
        EvaluationReport report = fixture.Report;
        var direct = fixture.Test.Select(s => fixture.DirectMap(s.ImagePath)).ToList();

        for (int i = 0; i < direct.Count; i++) Assert.Equal(direct[i].RawScore, report.Images[i].RawScore!.Value, 5);

        PixelMetrics expected = PixelMetrics.Compute(direct.Select(d => d.Map).ToList(),
            fixture.Test.Select(EvaluationFixture.MaskAtInputSize).ToList(), EvaluationFixture.Side, EvaluationFixture.Side);
        PixelMetrics pixel = report.PixelMetrics!;
        Assert.Equal(expected.PixelCount, pixel.PixelCount);
        Assert.Equal(expected.DefectPixelCount, pixel.DefectPixelCount);
        Assert.Equal(expected.DefectRegionCount, pixel.DefectRegionCount);
        Assert.True(pixel.DefectRegionCount > 0);
        // Batched and single-image forward passes may differ in the last float bits, which can swap a few nearly tied pixels.
        Assert.Equal(expected.Auroc!.Value, pixel.Auroc!.Value, 4);
        Assert.Equal(expected.Aupro!.Value, pixel.Aupro!.Value, 4);
        Assert.Equal(expected.F1Max!.F1, pixel.F1Max!.F1, 4);
        foreach (double value in new[] { pixel.Auroc.Value, pixel.Aupro.Value, pixel.F1Max.F1 }) Assert.InRange(value, 0, 1);
    }

    [Fact]
    public void Test_set_minmax_normalises_all_maps_over_the_test_set_and_leaves_auroc_unchanged()
    {
        EvaluationReport report = fixture.Report;
        var direct = fixture.Test.Select(s => fixture.DirectMap(s.ImagePath)).ToList();
        float low = direct.Min(d => d.Map.Min()), high = direct.Max(d => d.Map.Max());

        Assert.Equal(ScoreNormalization.TestSetMinMax, report.Scoring!.Normalization);
        Assert.Equal(low, report.Scoring.MapMinimum, 5);
        Assert.Equal(high, report.Scoring.MapMaximum, 5);
        // The authors' code: score = max over the map of (M − min) / (max − min), min and max over every test pixel.
        for (int i = 0; i < direct.Count; i++) Assert.Equal((direct[i].Map.Max() - low) / (high - low), report.Images[i].Score, 4);
        Assert.All(report.Images, i => Assert.InRange(i.Score, 0f, 1f));
        Assert.Equal(1f, report.Images.Max(i => i.Score)); // the image holding the highest pixel
        Assert.True(report.Images.Min(i => i.Score) > 0f, "the lowest image maximum is above the lowest pixel");

        bool[] labels = report.Images.Select(i => i.IsAnomalous).ToArray();
        Assert.Equal(RocAuc.Compute(report.Images.Select(i => i.RawScore!.Value).ToArray(), labels), report.ImageMetrics.Auroc!.Value, 12);
    }

    [Fact]
    public void Without_normalisation_the_scores_are_the_raw_scores_with_the_same_auroc()
    {
        DistillSpec raw = fixture.Spec with { Score = fixture.Spec.Score with { Normalization = ScoreNormalization.None } };
        using var graph = new DistillGraph(raw, fixture.Graph.Options); // same seed: the same weights
        EvaluationReport plain = new GraphEvaluator(graph, new EvaluationOptions()).Evaluate(fixture.Test);
        EvaluationReport normalised = fixture.Report;

        Assert.All(plain.Images, i => Assert.Equal(i.RawScore, i.Score));
        Assert.Equal(normalised.Images.Select(i => i.RawScore), plain.Images.Select(i => (float?)i.Score));
        Assert.Equal(normalised.ImageMetrics.Auroc, plain.ImageMetrics.Auroc);
        Assert.Contains("raw (no normalisation)", plain.Scoring!.Description);
    }

    [Fact]
    public void Per_defect_auroc_compares_each_defect_type_with_the_normal_images()
    {
        EvaluationReport report = fixture.Report;
        Assert.Equal(["hole", "scratch", "stain"], report.PerDefectType.Select(d => d.DefectType));
        foreach (DefectTypeAuroc defect in report.PerDefectType)
        {
            var subset = report.Images.Where(i => !i.IsAnomalous || i.DefectType == defect.DefectType).ToList();
            Assert.Equal(2, defect.ImageCount);
            Assert.Equal(RocAuc.Compute(subset.Select(i => i.Score).ToArray(), subset.Select(i => i.IsAnomalous).ToArray()), defect.ImageAuroc!.Value, 12);
        }
    }

    [Fact]
    public void Batch_size_changes_no_score_so_order_and_auroc_are_identical()
    {
        EvaluationReport one = Evaluate(batchSize: 1), eight = fixture.Report;

        Assert.Equal(one.Images.Select(i => i.ImagePath), eight.Images.Select(i => i.ImagePath));
        for (int i = 0; i < one.Images.Count; i++)
        {
            float a = one.Images[i].RawScore!.Value, b = eight.Images[i].RawScore!.Value;
            Assert.True(Math.Abs(a - b) <= 1e-5f * Math.Max(Math.Abs(a), 1e-6f), $"image {i}: {a} alone, {b} in a batch of 8");
        }
        Assert.Equal(Ranking(one), Ranking(eight));
        Assert.Equal(one.ImageMetrics.Auroc, eight.ImageMetrics.Auroc);

        static int[] Ranking(EvaluationReport report) =>
            report.Images.Select((image, index) => (image.Score, index)).OrderBy(p => p.Score).Select(p => p.index).ToArray();
    }

    [Fact]
    public void Evaluation_puts_the_graph_back_in_the_mode_it_found_it_in()
    {
        fixture.Graph.train();
        try
        {
            Evaluate(batchSize: 8);
            Assert.True(fixture.Graph.training);
        }
        finally
        {
            fixture.Graph.eval();
        }
    }

    [Fact]
    public void A_device_other_than_the_graphs_is_refused_naming_both()
    {
        // On a machine without CUDA the device selector refuses first; with CUDA, the evaluator does: both name the device.
        Exception error = Record.Exception(() => new GraphEvaluator(fixture.Graph, new EvaluationOptions { Device = "cuda:0" }));
        Assert.NotNull(error);
        Assert.Contains("cuda", error.Message);
    }
}
