using System.Globalization;
using System.Management.Automation;
using DistillDsl.Training;

namespace DistillDsl.PowerShell.Runs;

/// <summary>A training run's log lines, for non-interactive shells where no progress bar is seen (nohup, CI, cluster jobs):
/// one line per epoch and the engine's notices, each to the Verbose stream (-Verbose) and the Information stream
/// (6&gt;&amp;1, $InformationPreference), tagged DistillDsl and Epoch or Notice. Called on the pipeline thread.</summary>
internal sealed class TrainingLog(Cmdlet cmdlet, int epochs)
{
    public const string Tag = "DistillDsl";

    public void Epoch(EpochRecord e) => Write(Line(e, epochs), "Epoch");

    public void Notice(string message) => Write(message, "Notice");

    /// <summary>"epoch 3/30  train loss 0.01234  validation loss 0.01456  lr 0.0004  12.3 s  61.2 images/s  best epoch 3 (0.01456)".</summary>
    public static string Line(EpochRecord e, int epochs)
    {
        string best = double.IsFinite(e.BestValidationLoss)
            ? string.Create(CultureInfo.InvariantCulture, $"best epoch {e.BestEpoch} ({e.BestValidationLoss:G5})")
            : string.Create(CultureInfo.InvariantCulture, $"best epoch {e.BestEpoch}");
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{epochs}  train loss {e.TrainLoss:G5}  validation loss {e.ValidationLoss:G5}  lr {e.LearningRate:G4}  {e.Duration.TotalSeconds:F1} s  {e.ImagesPerSecond:F1} images/s  {best}");
    }

    private void Write(string line, string kind)
    {
        try
        {
            cmdlet.WriteVerbose(line);
            cmdlet.WriteInformation(line, [Tag, kind]);
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the engine stops at the next batch; the line is in history.csv anyway.
        }
    }
}
