using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class F1MaxTests
{
    [Fact]
    public void Hand_computed_example()
    {
        // Scores 0.9 P, 0.8 N, 0.7 P, 0.6 P, 0.2 N; 3 positives. F1 = 2TP / (TP + FP + 3):
        //   t 0.9: 2/4 = 0.5   t 0.8: 2/5 = 0.4   t 0.7: 4/6 ≈ 0.667   t 0.6: 6/7 ≈ 0.857   t 0.2: 6/8 = 0.75
        // → F1-max 6/7 at 0.6, precision 3/4, recall 1.
        F1Max best = F1Max.Compute([0.9f, 0.8f, 0.7f, 0.6f, 0.2f], [true, false, true, true, false])!;
        Assert.Equal(6.0 / 7.0, best.F1, 12);
        Assert.Equal(0.6f, best.Threshold);
        Assert.Equal(0.75, best.Precision, 12);
        Assert.Equal(1.0, best.Recall, 12);
    }

    [Fact]
    public void Equal_f1_keeps_the_lowest_threshold()
    {
        // 0.9 P, 0.8 N, 0.7 N, 0.6 P; 2 positives. t 0.9: 2/3; t 0.8: 2/4; t 0.7: 2/5; t 0.6: 4/6 = 2/3 again → 0.6.
        F1Max best = F1Max.Compute([0.9f, 0.8f, 0.7f, 0.6f], [true, false, false, true])!;
        Assert.Equal(2.0 / 3.0, best.F1, 12);
        Assert.Equal(0.6f, best.Threshold);
    }

    [Fact]
    public void Agrees_with_scikit_learn_precision_recall_curve()
    {
        // metrics_reference.json: F1 = 2PR/(P+R) over sklearn 1.2.1's precision_recall_curve, first maximum.
        foreach (MetricsReference.ImageCase c in MetricsReference.ImageCases())
        {
            F1Max best = F1Max.Compute(c.Scores, c.Labels)!;
            Assert.Equal(c.F1Max.F1, best.F1, 12);
            Assert.Equal(c.F1Max.Threshold, best.Threshold);
            Assert.Equal(c.F1Max.Precision, best.Precision, 12);
            Assert.Equal(c.F1Max.Recall, best.Recall, 12);
        }
    }

    [Fact]
    public void Without_anomalous_samples_it_is_undefined()
    {
        Assert.Null(F1Max.Compute([0.3f, 0.1f], [false, false]));
    }

    [Fact]
    public void With_only_anomalous_samples_the_lowest_threshold_catches_all()
    {
        F1Max best = F1Max.Compute([0.3f, 0.1f], [true, true])!;
        Assert.Equal((1.0, 0.1f), (best.F1, best.Threshold));
    }
}
