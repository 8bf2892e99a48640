namespace DistillDsl.PowerShell.Output;

/// <summary>What Invoke-DistillSweep -Engine Slurm submitted: the array job, its cells (index = array index) and script.</summary>
public sealed record DistillSweepSubmission(string Sweep, string JobId, int[] Indices, string[] Cells, string ScriptPath, bool Held, string SweepPath);
