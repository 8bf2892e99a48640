namespace DistillDsl.Sweeps;

/// <summary>Where a cell stands. NotStarted: never submitted nor run; Pending: queued in Slurm; Running: a live Slurm
/// task or process; Done: result.json exists; Failed: the last attempt ended without a result.</summary>
public enum CellState
{
    NotStarted,
    Pending,
    Running,
    Done,
    Failed,
}
