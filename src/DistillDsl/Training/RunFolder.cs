using DistillDsl.Checkpoints;
using DistillDsl.Reports;

namespace DistillDsl.Training;

/// <summary>What a run folder holds, read from its files alone (run.json, last.ckpt, best.ckpt, history.csv and the report),
/// whether the run finished, was stopped, or was killed.</summary>
/// <param name="State">Completed, EarlyStopped, Cancelled, NonFiniteLoss, Failed (an exception ended the session, e.g. an
/// unreadable image under BadImages = Stop), Running (its process is alive), Killed (run.json
/// says running but its process is gone), or Interrupted (no run.json, from a version that did not write one).</param>
/// <param name="Epochs">The epochs the run was set to train (0 when unknown).</param>
/// <param name="CanResume">last.ckpt can continue the run: epochs are left and the run is not running.</param>
/// <param name="ReportPath">report.json of the evaluation under the folder's <c>report/</c>; null when there is none.</param>
public sealed record RunFolder(
    string Path,
    string State,
    string Config,
    string ConfigSha256,
    string? Dataset,
    int EpochsDone,
    int Epochs,
    int BestEpoch,
    double BestValidationLoss,
    double? Threshold,
    bool CanResume,
    string? Message,
    DateTimeOffset? Updated,
    IReadOnlyList<EpochRecord> History,
    string? ReportPath,
    ReportDocument? Report)
{
    public const string ReportFolderName = "report";

    /// <summary>Whether the folder holds any trace of a training run.</summary>
    public static bool HoldsRun(string folder) =>
        new[] { RunStatus.FileName, DistillTrainer.LastCheckpointName, DistillTrainer.BestCheckpointName }.Any(f => File.Exists(System.IO.Path.Combine(folder, f)));

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run, or one of its files is damaged (the message names it).</exception>
    public static RunFolder Read(string folder)
    {
        string full = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"The run folder '{full}' does not exist.");
        if (!HoldsRun(full))
        {
            throw new InvalidDataException($"'{full}' holds no training run: none of {RunStatus.FileName}, {DistillTrainer.LastCheckpointName}, {DistillTrainer.BestCheckpointName}.");
        }

        RunStatus? status = RunStatus.Read(full);
        DistillCheckpoint? last = ReadCheckpoint(full, DistillTrainer.LastCheckpointName);
        DistillCheckpoint? best = ReadCheckpoint(full, DistillTrainer.BestCheckpointName);
        TrainingState? state = last is null ? null : Wrap(last.Path, last.ReadTrainingState<TrainingState>);
        string historyPath = System.IO.Path.Combine(full, RunHistory.FileName);
        IReadOnlyList<EpochRecord> history = state?.History ?? (File.Exists(historyPath) ? RunHistory.Read(historyPath) : []);

        int epochsDone = state?.CompletedEpochs ?? history.Count;
        int epochs = status?.Epochs
            ?? (int.TryParse(state?.Settings.FirstOrDefault(s => s.Name == "epochs")?.Value, out int planned) ? planned : 0);
        string runState = status is null ? "Interrupted" : status.WasKilled() ? "Killed" : status.State;
        bool live = runState == RunStatus.RunningState;
        bool finished = runState is nameof(TrainingStop.Completed) or nameof(TrainingStop.EarlyStopped);
        bool canResume = last is { IsResumable: true } && !live && !finished && epochsDone < epochs;

        string reportPath = System.IO.Path.Combine(full, ReportFolderName, "report.json");
        ReportDocument? report = File.Exists(reportPath) ? Wrap(reportPath, () => ReportJson.Read(reportPath)) : null;

        return new RunFolder(full, runState, status?.Config ?? last?.ConfigName ?? best!.ConfigName,
            status?.ConfigSha256 ?? last?.ConfigSha256 ?? best!.ConfigSha256, status?.Dataset, epochsDone, epochs,
            best?.Epoch ?? 0, best?.ValidationLoss ?? double.NaN, best?.Threshold?.Value, canResume, status?.Message, status?.Updated,
            history, report is null ? null : reportPath, report);
    }

    private static DistillCheckpoint? ReadCheckpoint(string folder, string name)
    {
        string path = System.IO.Path.Combine(folder, name);
        return File.Exists(path) ? Wrap(path, () => DistillCheckpoint.Read(path)) : null;
    }

    private static T Wrap<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is CheckpointException or System.Text.Json.JsonException or IOException)
        {
            throw new InvalidDataException(e is CheckpointException ? e.Message : $"{path} cannot be read: {e.Message}", e);
        }
    }
}
