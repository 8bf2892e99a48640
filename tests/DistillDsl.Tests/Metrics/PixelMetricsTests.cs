using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class PixelMetricsTests
{
    [Fact]
    public void Agrees_with_scikit_learn_and_the_python_aupro_reference()
    {
        // metrics_reference.json (make_metrics_fixture.py): pixel AUROC by sklearn 1.2.1 roc_auc_score over all pixels,
        // F1-max from its precision_recall_curve, AUPRO by a literal threshold sweep with scipy 1.10.1's ndimage.label.
        // Tolerances: 1e-12 for AUROC and F1 (the same counts), 1e-10 for AUPRO (sums of 1/region size in another order).
        foreach (MetricsReference.PixelCase c in MetricsReference.PixelCases())
        {
            PixelMetrics metrics = PixelMetrics.Compute(c.Maps, c.Masks, c.Width, c.Height);
            Assert.Equal(c.Auroc, metrics.Auroc!.Value, 12);
            Assert.Equal(c.Aupro, metrics.Aupro!.Value, 10);
            Assert.Equal(c.F1Max.F1, metrics.F1Max!.F1, 12);
            Assert.Equal(c.F1Max.Threshold, metrics.F1Max.Threshold);
            Assert.Equal(c.Regions, metrics.DefectRegionCount);
            Assert.Equal(5, metrics.ImageCount);
            Assert.Equal(5L * 20 * 20, metrics.PixelCount);
            Assert.Equal(c.Masks.Sum(m => m.Count(v => v > 0.5f)), metrics.DefectPixelCount);
            Assert.Equal(0.3, metrics.AuproFprLimit);
        }
    }

    [Fact]
    public void Pixel_auroc_equals_the_rank_auroc_over_all_pixels()
    {
        MetricsReference.PixelCase c = MetricsReference.PixelCases()[1];
        double rank = RocAuc.Compute(c.Maps.SelectMany(m => m).ToArray(), c.Masks.SelectMany(m => m).Select(v => v > 0.5f).ToArray());
        Assert.Equal(rank, PixelMetrics.Compute(c.Maps, c.Masks, c.Width, c.Height).Auroc!.Value, 12);
    }

    [Fact]
    public void A_set_without_defect_pixels_gives_undefined_metrics_not_an_exception()
    {
        float[] map = [0.1f, 0.2f, 0.3f, 0.4f];
        PixelMetrics metrics = PixelMetrics.Compute([map, map], [new float[4], new float[4]], 2, 2);
        Assert.Null(metrics.Auroc);
        Assert.Null(metrics.Aupro);
        Assert.Null(metrics.F1Max);
        Assert.Null(metrics.Roc);
        Assert.Equal((0L, 0), (metrics.DefectPixelCount, metrics.DefectRegionCount));
    }

    [Fact]
    public void The_roc_curve_runs_from_0_0_to_1_1()
    {
        MetricsReference.PixelCase c = MetricsReference.PixelCases()[0];
        RocCurve roc = PixelMetrics.Compute(c.Maps, c.Masks, c.Width, c.Height).Roc!;
        Assert.Equal((0.0, 0.0), (roc.FalsePositiveRates[0], roc.TruePositiveRates[0]));
        Assert.Equal((1.0, 1.0), (roc.FalsePositiveRates[^1], roc.TruePositiveRates[^1]));
    }
}
