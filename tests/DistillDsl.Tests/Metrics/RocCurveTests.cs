using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class RocCurveTests
{
    [Fact]
    public void Hand_computed_points()
    {
        // 0.9 P, 0.8 N, 0.7 P, 0.1 N: thresholds 0.9 → (0, ½), 0.8 → (½, ½), 0.7 → (½, 1), 0.1 → (1, 1), after (0, 0).
        RocCurve roc = RocCurve.From(ThresholdCounts.FromScores([0.9f, 0.8f, 0.7f, 0.1f], [true, false, true, false]))!;
        Assert.Equal(new[] { 0, 0, 0.5, 0.5, 1 }, roc.FalsePositiveRates);
        Assert.Equal(new[] { 0, 0.5, 0.5, 1, 1 }, roc.TruePositiveRates);
    }

    [Fact]
    public void Thinning_keeps_both_ends_and_about_max_points()
    {
        var random = new Random(3);
        float[] scores = Enumerable.Range(0, 20_000).Select(_ => (float)random.NextDouble()).ToArray();
        bool[] labels = scores.Select(s => random.NextDouble() < s).ToArray();
        RocCurve roc = RocCurve.From(ThresholdCounts.FromScores(scores, labels), maxPoints: 100)!;

        Assert.InRange(roc.FalsePositiveRates.Length, 50, 202); // each kept point moves ≥ 1/100 along an axis; 2 axes
        Assert.Equal((0.0, 0.0), (roc.FalsePositiveRates[0], roc.TruePositiveRates[0]));
        Assert.Equal((1.0, 1.0), (roc.FalsePositiveRates[^1], roc.TruePositiveRates[^1]));
        for (int i = 1; i < roc.FalsePositiveRates.Length; i++)
        {
            Assert.True(roc.FalsePositiveRates[i] >= roc.FalsePositiveRates[i - 1] && roc.TruePositiveRates[i] >= roc.TruePositiveRates[i - 1]);
        }
    }
}
