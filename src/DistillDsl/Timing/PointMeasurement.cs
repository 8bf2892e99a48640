namespace DistillDsl.Timing;

/// <summary>What <see cref="InferenceTimer.Measure"/> measured at one point.</summary>
public sealed record PointMeasurement(LatencyStatistics Latency, PeakMemory PeakMemory);
