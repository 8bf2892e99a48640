namespace DistillDsl.Sweeps;

/// <summary>A cell's state with the evidence for it.</summary>
/// <param name="SlurmJob">The array task of the cell's latest submission (e.g. 17_3), if any.</param>
/// <param name="Reason">Why the state is what it is (the queue's reason, the error, "task ended without a result").</param>
/// <param name="LogPath">The log of the latest attempt; <paramref name="LogTail"/> its last lines for failed cells.</param>
public sealed record CellStatus(SweepCell Cell, CellState State, string? SlurmJob, string? Reason, string? LogPath, string? LogTail, string Folder);
