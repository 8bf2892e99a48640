using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class ImageMetricsTests
{
    [Fact]
    public void Agrees_with_scikit_learn()
    {
        // metrics_reference.json (make_metrics_fixture.py, scikit-learn 1.2.1); one case has many tied scores.
        foreach (MetricsReference.ImageCase c in MetricsReference.ImageCases())
        {
            ImageMetrics metrics = ImageMetrics.Compute(c.Scores, c.Labels);
            Assert.Equal(c.Auroc, metrics.Auroc!.Value, 12);
            Assert.Equal(c.F1Max.F1, metrics.F1Max!.F1, 12);
            Assert.Equal(c.F1Max.Threshold, metrics.F1Max.Threshold);
            Assert.Equal((c.Scores.Length, c.Labels.Count(l => l)), (metrics.ImageCount, metrics.AnomalousCount));
        }
    }

    [Fact]
    public void Only_normal_images_leave_auroc_and_f1_undefined()
    {
        ImageMetrics metrics = ImageMetrics.Compute([0.2f, 0.4f], [false, false]);
        Assert.Null(metrics.Auroc);
        Assert.Null(metrics.F1Max);
        Assert.Null(metrics.Roc);
    }

    [Fact]
    public void Only_anomalous_images_leave_auroc_undefined_but_f1_defined()
    {
        ImageMetrics metrics = ImageMetrics.Compute([0.2f, 0.4f], [true, true]);
        Assert.Null(metrics.Auroc);
        Assert.Equal(1.0, metrics.F1Max!.F1);
    }
}
