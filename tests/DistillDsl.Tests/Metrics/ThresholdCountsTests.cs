using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class ThresholdCountsTests
{
    [Fact]
    public void Counts_at_each_distinct_threshold_highest_first()
    {
        // Scores 0.2(N) 0.5(P) 0.5(N) 0.9(P). Thresholds 0.9: TP 1 FP 0; 0.5: TP 2 FP 1 (both tied samples at once); 0.2: TP 2 FP 2.
        ThresholdCounts counts = ThresholdCounts.FromScores([0.5f, 0.2f, 0.9f, 0.5f], [true, false, true, false]);
        Assert.Equal(new[] { 0.9f, 0.5f, 0.2f }, counts.Thresholds);
        Assert.Equal(new[] { 1, 2, 2 }, counts.TruePositives);
        Assert.Equal(new[] { 0, 1, 2 }, counts.FalsePositives);
        Assert.Equal((2, 2), (counts.Positives, counts.Negatives));
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        Assert.Contains("one label per score", Assert.Throws<ArgumentException>(() => ThresholdCounts.FromScores([1f], [true, false])).Message);
        Assert.Contains("Score 1 is NaN", Assert.Throws<ArgumentException>(() => ThresholdCounts.FromScores([1f, float.NaN], [true, false])).Message);
    }
}
