using System.Globalization;
using System.Management.Automation;
using DistillDsl.Training;

namespace DistillDsl.PowerShell.Progress;

/// <summary>Shows a training run as two progress bars: the run (epoch, ETA) and the current phase's batches (loss, images/s).
/// The engine reports on the thread that called Train, the cmdlet's pipeline thread, so WriteProgress may be called directly
/// (System.Progress&lt;T&gt; would post to the thread pool, where WriteProgress is not allowed).</summary>
internal sealed class TrainingProgressBar(Cmdlet cmdlet, string activity, CancellationToken cancellation) : IProgress<TrainingProgress>
{
    private const int RunId = ProgressIds.Training;
    private const int PhaseId = ProgressIds.TrainingBatches;

    public void Report(TrainingProgress p)
    {
        if (cancellation.IsCancellationRequested) return;
        int epochsDone = p.Epoch - 1;
        double epochFraction = p.Phase switch
        {
            TrainingPhase.Training => 0.9 * p.Batch / p.Batches,
            TrainingPhase.Validation => 0.9 + 0.1 * p.Batch / p.Batches,
            TrainingPhase.FillingBanks => 0.9,
            _ => 0,
        };
        var run = new ProgressRecord(RunId, activity, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}"))
        {
            PercentComplete = Math.Clamp((int)(100 * (epochsDone + epochFraction) / Math.Max(p.Epochs, 1)), 0, 100),
            SecondsRemaining = (int)Math.Min(p.EstimatedRemaining.TotalSeconds, int.MaxValue),
        };
        var batches = new ProgressRecord(PhaseId, p.Phase switch
            {
                TrainingPhase.Training => $"Epoch {p.Epoch} training",
                TrainingPhase.Validation => $"Epoch {p.Epoch} validation",
                TrainingPhase.FillingBanks => "Choosing the memory banks' rows",
                _ => "Caching images and teacher features",
            },
            p.Phase is TrainingPhase.Caching or TrainingPhase.FillingBanks
                ? string.Create(CultureInfo.InvariantCulture, $"{(p.Phase == TrainingPhase.Caching ? "batch" : "bank")} {p.Batch}/{p.Batches}")
                : string.Create(CultureInfo.InvariantCulture, $"batch {p.Batch}/{p.Batches}  loss {p.Loss:G5}  {p.ImagesPerSecond:F1} images/s"))
        {
            ParentActivityId = RunId,
            PercentComplete = Math.Clamp(100 * p.Batch / Math.Max(p.Batches, 1), 0, 100),
        };
        try
        {
            cmdlet.WriteProgress(run);
            cmdlet.WriteProgress(batches);
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C between the check above and these calls: StopProcessing cancels the run right after, and the engine
            // then stops at the next batch with its last finished epoch saved; throwing here would skip that.
        }
    }

    /// <summary>Removes both bars.</summary>
    public void Complete()
    {
        cmdlet.WriteProgress(new ProgressRecord(PhaseId, "Batches", "done") { ParentActivityId = RunId, RecordType = ProgressRecordType.Completed });
        cmdlet.WriteProgress(new ProgressRecord(RunId, activity, "done") { RecordType = ProgressRecordType.Completed });
    }
}
