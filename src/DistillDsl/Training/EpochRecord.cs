namespace DistillDsl.Training;

/// <summary>One finished epoch.</summary>
/// <param name="TrainLoss">Mean training loss (the config's total loss, Eq. 8) over the epoch's images, in train mode.</param>
/// <param name="ValidationLoss">Mean total loss over the validation images, eval mode, no gradients; NaN without validation images.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step (of the first student's optimiser when students
/// train separately; they share the schedule).</param>
/// <param name="Duration">Training and validation of the epoch, checkpoints not included.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, TimeSpan Duration)
{
    /// <summary>Per teacher name, its loss without alpha (Eq. 2–4) over the validation images: what each student is
    /// selected by when students train separately. Empty without validation images.</summary>
    public IReadOnlyDictionary<string, double> TeacherValidationLosses { get; init; } = new Dictionary<string, double>();

    /// <summary>Training and validation images through the graph per second in this epoch.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>The epoch of the best students after this epoch (the latest of their best epochs when students train
    /// separately); 0 in checkpoints written before it was recorded.</summary>
    public int BestEpoch { get; init; }

    /// <summary>The selection loss of those students (the total validation loss when students train jointly); NaN when
    /// students train separately or before it was recorded.</summary>
    public double BestValidationLoss { get; init; } = double.NaN;
}
