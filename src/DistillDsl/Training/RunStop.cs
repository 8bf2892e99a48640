using System.Globalization;
using DistillDsl.Spec.Model;

namespace DistillDsl.Training;

/// <summary>Why a session's epoch loop ended, with the sentence that the result, the log and run.json give.</summary>
internal sealed record RunStop(TrainingStop Kind, string Message)
{
    public static RunStop Completed(int epochs) => new(TrainingStop.Completed, $"Trained all {epochs} epochs.");

    public static RunStop EarlyStopped(int epoch, EarlyStopSpec rule) => new(TrainingStop.EarlyStopped,
        $"Stopped early after epoch {epoch}: the validation loss did not improve by more than {Invariant(rule.MinDelta)} for {rule.Patience} epochs.");

    /// <param name="epoch">The epoch under way; the ones before it are finished and in <paramref name="lastPath"/>.</param>
    public static RunStop Cancelled(int epoch, string lastPath) => new(TrainingStop.Cancelled, epoch == 1
        ? $"Cancelled during epoch {epoch}, before any epoch finished: nothing was saved."
        : $"Cancelled during epoch {epoch}; {lastPath} holds epoch {epoch - 1} (continue with TrainingOptions.Resume).");

    /// <param name="epoch">The epoch under way; the ones before it are finished and their checkpoints kept.</param>
    public static RunStop NonFinite(string phase, double loss, int epoch, int batch, double learningRate) => new(TrainingStop.NonFiniteLoss,
        $"The {phase} loss became {Invariant(loss)} at epoch {epoch}, batch {batch} (learning rate {Invariant(learningRate)}); training stopped. " +
        (epoch == 1 ? "No epoch had finished, so nothing was saved." : $"The checkpoints of epoch {epoch - 1} are kept.") +
        " A lower learning rate usually helps.");

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
