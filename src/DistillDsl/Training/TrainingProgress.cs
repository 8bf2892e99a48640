namespace DistillDsl.Training;

/// <summary>One progress report of a training run, after a batch.</summary>
/// <param name="Batch">1-based index of the batch within the phase of the epoch; <paramref name="Batches"/> in that phase.</param>
/// <param name="Loss">Running mean loss of the phase in this epoch so far.</param>
/// <param name="ImagesPerSecond">Images through the graph per second (training and validation) in this session.</param>
/// <param name="EstimatedRemaining">Time left for the remaining epochs at this session's pace (not counting early stop).</param>
/// <param name="Phase">Training or validation.</param>
/// <param name="LearningRate">The learning rate of the step just taken; NaN in validation.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double ImagesPerSecond, TimeSpan Elapsed,
    TimeSpan EstimatedRemaining, TrainingPhase Phase = TrainingPhase.Training, double LearningRate = double.NaN);
