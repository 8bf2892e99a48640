namespace DistillDsl.Sweeps;

/// <summary>result.json of a finished cell: what its training and evaluation gave. Written once, atomically, as the
/// cell's last act; the gathered table is made of these and nothing else.</summary>
/// <param name="Stop">The trainer's stop reason (Completed, EarlyStopped).</param>
/// <param name="ImageAuroc">Null when the category has no test split.</param>
/// <param name="TrainingSeconds">Wall time of the cell's last session (training and evaluation).</param>
/// <param name="Host">Where it ran; <paramref name="SlurmJob"/> the array task (e.g. 17_3), null for the local engine.</param>
public sealed record CellResult(
    int Index,
    string Name,
    string Config,
    string Category,
    int Seed,
    int BestEpoch,
    int EpochsRun,
    double ValidationLoss,
    string Stop,
    double? ImageAuroc,
    double? PixelAuroc,
    double? Aupro,
    double? Threshold,
    double TrainingSeconds,
    string CheckpointPath,
    string? ReportPath,
    string Host,
    string? SlurmJob,
    DateTimeOffset Finished);
