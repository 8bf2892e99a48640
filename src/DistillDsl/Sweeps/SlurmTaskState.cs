namespace DistillDsl.Sweeps;

/// <summary>One array task as squeue (or sacct) sees it: e.g. 17_3, PENDING, (Resources).</summary>
public sealed record SlurmTaskState(string Task, string State, string Reason);
