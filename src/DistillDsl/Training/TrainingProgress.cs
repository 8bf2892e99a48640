namespace DistillDsl.Training;

/// <summary>One progress report of a training run, after a batch.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double ImagesPerSecond, TimeSpan Elapsed, TimeSpan EstimatedRemaining);
