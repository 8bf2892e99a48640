namespace DistillDsl.Timing;

/// <summary>Summary of the timed iterations of one point, in milliseconds per batch.</summary>
/// <remarks>Percentiles interpolate linearly between the two nearest ranks (NumPy's default), so with few iterations p95 lies
/// between the two slowest samples rather than being one of them.</remarks>
public sealed record LatencyStatistics(double MeanMs, double P50Ms, double P95Ms, double MinMs, double MaxMs)
{
    public static LatencyStatistics From(IReadOnlyCollection<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0) throw new ArgumentException("At least one timed iteration is needed.", nameof(milliseconds));
        double[] sorted = milliseconds.Order().ToArray();
        return new LatencyStatistics(sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 95), sorted[0], sorted[^1]);
    }

    /// <summary>The <paramref name="percent"/>th percentile of ascending <paramref name="sorted"/> values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        double rank = percent / 100 * (sorted.Count - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
