namespace DistillDsl.Sweeps;

/// <summary>One config on one category over its seeds: mean and sample standard deviation (n − 1) of each metric, the
/// way the paper reports; std is null for a single seed, a mean is null when no seed has the metric.</summary>
public sealed record SweepSummaryRow(
    string Config,
    string Category,
    int Seeds,
    double? ImageAurocMean,
    double? ImageAurocStd,
    double? PixelAurocMean,
    double? PixelAurocStd,
    double? AuproMean,
    double? AuproStd);
