namespace DistillDsl.Timing;

/// <summary>The peak memory of one timing point, or why there is none.</summary>
/// <param name="Megabytes">Peak in MiB (2^20 bytes); null when it cannot be measured.</param>
/// <param name="Source">What was measured (e.g. "peak RSS (VmHWM)"), or why nothing was.</param>
public sealed record PeakMemory(double? Megabytes, string Source);
