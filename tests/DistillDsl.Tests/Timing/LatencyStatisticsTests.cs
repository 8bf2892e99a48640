using DistillDsl.Timing;

namespace DistillDsl.Tests.Timing;

public class LatencyStatisticsTests
{
    [Fact]
    public void Percentiles_interpolate_between_ranks_like_numpy()
    {
        // numpy.percentile([1, 2, 3, 4], [50, 95]) == [2.5, 3.85]
        LatencyStatistics statistics = LatencyStatistics.From([4.0, 1.0, 3.0, 2.0]);

        Assert.Equal(2.5, statistics.MeanMs, 12);
        Assert.Equal(2.5, statistics.P50Ms, 12);
        Assert.Equal(3.85, statistics.P95Ms, 12);
        Assert.Equal(1.0, statistics.MinMs);
        Assert.Equal(4.0, statistics.MaxMs);
    }

    [Fact]
    public void One_sample_is_every_statistic()
    {
        LatencyStatistics statistics = LatencyStatistics.From([7.25]);

        Assert.Equal(new LatencyStatistics(7.25, 7.25, 7.25, 7.25, 7.25), statistics);
    }

    [Fact]
    public void No_sample_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => LatencyStatistics.From([]));
    }
}
