namespace DistillDsl.Sweeps;

/// <summary>A sweep root that already belongs to another sweep (its manifest has another description hash).</summary>
public sealed class SweepConflictException(string message, string path) : SweepException(message, path);
