namespace DistillDsl.Training;

/// <summary>One finished epoch.</summary>
/// <param name="TrainLoss">Mean training loss (the config's total loss, Eq. 8) over the epoch's images, in train mode.</param>
/// <param name="ValidationLoss">Mean total loss over the validation images, eval mode, no gradients; NaN without validation images.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step (of the first student's optimiser when students
/// train separately; they share the schedule).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, TimeSpan Duration)
{
    /// <summary>Per teacher name, its loss without alpha (Eq. 2–4) over the validation images: what each student is
    /// selected by when students train separately. Empty without validation images.</summary>
    public IReadOnlyDictionary<string, double> TeacherValidationLosses { get; init; } = new Dictionary<string, double>();
}
