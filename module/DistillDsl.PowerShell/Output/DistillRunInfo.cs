using DistillDsl.Training;

namespace DistillDsl.PowerShell.Output;

/// <summary>What Get-DistillRun found in a run folder.</summary>
/// <param name="State">Completed, EarlyStopped, Cancelled, NonFiniteLoss, Failed (an error ended the session), Running, Killed (its process is gone without
/// saying how it ended) or Interrupted (a folder without run.json).</param>
/// <param name="Epochs">The epochs the run was set to; 0 when unknown.</param>
/// <param name="CanResume">Invoke-DistillTraining -Resume with this folder continues it.</param>
/// <param name="History">Every finished epoch (epoch, losses, learning rate, duration, images/s, best epoch so far).</param>
/// <param name="ImageAuroc">From the folder's report/report.json when the run was evaluated; null otherwise.</param>
public sealed record DistillRunInfo(
    string Path,
    string Config,
    string? Category,
    string State,
    int EpochsDone,
    int Epochs,
    int BestEpoch,
    double BestValidationLoss,
    double LastTrainLoss,
    double LastValidationLoss,
    bool CanResume,
    double? Threshold,
    double? ImageAuroc,
    double? PixelAuroc,
    double? Aupro,
    string? ReportPath,
    string? Message,
    DateTimeOffset? Updated,
    IReadOnlyList<EpochRecord> History)
{
    public static DistillRunInfo From(RunFolder run) => new(
        run.Path, run.Config, run.Dataset, run.State, run.EpochsDone, run.Epochs, run.BestEpoch, run.BestValidationLoss,
        run.History.Count == 0 ? double.NaN : run.History[^1].TrainLoss,
        run.History.Count == 0 ? double.NaN : run.History[^1].ValidationLoss,
        run.CanResume, run.Threshold,
        run.Report?.Metrics.Image.Auroc, run.Report?.Metrics.Pixel?.Auroc, run.Report?.Metrics.Pixel?.Aupro,
        run.ReportPath, run.Message, run.Updated, run.History);
}
