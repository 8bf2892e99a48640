using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class AnomalyThresholdTests
{
    // Normal validation scores 1 … 10, shuffled.
    private static readonly float[] Normal = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];

    [Theory]
    // Position q·(n − 1) = 9q in the sorted scores, linear in between (numpy.quantile's default):
    [InlineData(0.0, 1.0f)]   // position 0
    [InlineData(0.5, 5.5f)]   // position 4.5: halfway between 5 and 6
    [InlineData(0.9, 9.1f)]   // position 8.1: 9 + 0.1·(10 − 9)
    [InlineData(0.99, 9.91f)] // position 8.91
    [InlineData(1.0, 10.0f)]  // the maximum
    public void Quantile_of_normal_scores(double quantile, float expected)
    {
        AnomalyThreshold threshold = AnomalyThreshold.FromQuantile(Normal, quantile);
        Assert.Equal(expected, threshold.Value, 5);
        Assert.Equal(ThresholdMethod.Quantile, threshold.Method);
        Assert.Equal(quantile, threshold.Parameter);
        Assert.Equal((10, 1f, 10f), (threshold.NormalScoreCount, threshold.NormalMinimum, threshold.NormalMaximum));
    }

    [Fact]
    public void Maximum_plus_a_margin_of_the_range()
    {
        // max 10 + 0.1 × (10 − 1) = 10.9
        AnomalyThreshold threshold = AnomalyThreshold.FromMaximumPlusMargin(Normal, 0.1);
        Assert.Equal(10.9f, threshold.Value, 5);
        Assert.Equal(ThresholdMethod.MaximumPlusMargin, threshold.Method);
        Assert.DoesNotContain(Normal, threshold.IsAnomalous);
        Assert.True(threshold.IsAnomalous(10.9f));
    }

    [Fact]
    public void The_description_states_how_it_was_chosen()
    {
        Assert.Equal("0.99 quantile of 10 normal validation scores (range 1 to 10)", AnomalyThreshold.FromQuantile(Normal, 0.99).Description);
        Assert.Equal("maximum of 10 normal validation scores (10) plus 0.1 × their range (9)", AnomalyThreshold.FromMaximumPlusMargin(Normal, 0.1).Description);
    }

    [Fact]
    public void A_single_score_is_its_own_quantile()
    {
        Assert.Equal(0.4f, AnomalyThreshold.FromQuantile([0.4f], 0.99).Value);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        Assert.Contains("at least one normal validation score", Assert.Throws<ArgumentException>(() => AnomalyThreshold.FromQuantile([], 0.9)).Message);
        Assert.Contains("score 1 is NaN", Assert.Throws<ArgumentException>(() => AnomalyThreshold.FromQuantile([1f, float.NaN], 0.9)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyThreshold.FromQuantile(Normal, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyThreshold.FromMaximumPlusMargin(Normal, -0.1));
    }
}
