namespace DistillDsl.PowerShell.Output;

/// <summary>One cell of a sweep as Get-DistillSweep sees it (State: NotStarted, Pending, Running, Done, Failed).</summary>
/// <param name="SlurmJob">The cell's latest array task (job_index), if it was submitted.</param>
/// <param name="LogTail">The last lines of the cell's log, for failed cells.</param>
public sealed record DistillSweepCellStatus(
    int Index,
    string Name,
    string Config,
    string Category,
    int Seed,
    string State,
    string? SlurmJob,
    string? Reason,
    string? LogPath,
    string? LogTail,
    string Path);
