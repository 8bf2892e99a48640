namespace DistillDsl.Spec.Model
{
    public enum CheckpointRule
    {
        /// <summary>Keep the epoch with the lowest validation loss (paper §5.2; the authors' code).</summary>
        LowestValidationLoss,

        /// <summary>Keep the last epoch.</summary>
        Last,
    }

    public enum StudentTraining
    {
        /// <summary>All students in one optimisation of the total loss (paper Eq. 8).</summary>
        Joint,

        /// <summary>Each student trained on its own, with its own optimiser and checkpoint (the authors' code).</summary>
        Separate,
    }

    /// <summary>The training preset.</summary>
    /// <param name="ValidationSplit">Fraction of the training images held out for validation, in [0, 1).</param>
    /// <param name="EarlyStop">Stop when the validation loss stops improving; null for never.</param>
    /// <param name="Augmentation">Random changes of the training images (none by default).</param>
    public sealed record TrainingSpec(
        OptimizerSpec Optimizer,
        ScheduleSpec Schedule,
        int Epochs,
        int BatchSize,
        double ValidationSplit,
        CheckpointRule Checkpoint,
        EarlyStopSpec? EarlyStop,
        StudentTraining Students,
        AugmentationSpec Augmentation,
        SourceSpan Span);
}
