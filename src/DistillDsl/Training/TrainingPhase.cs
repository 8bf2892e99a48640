namespace DistillDsl.Training;

/// <summary>What a training run is doing when it reports progress.</summary>
public enum TrainingPhase
{
    /// <summary>A training step (forward, backward, optimiser step).</summary>
    Training,

    /// <summary>The validation loss of the epoch (eval mode, no gradients).</summary>
    Validation,

    /// <summary>Decoding the images and computing the teachers' features once, before the first epoch of a session.</summary>
    Caching,

    /// <summary>Choosing the rows of a memory bank from the features its training pass collected (one report per bank,
    /// before its coreset is chosen).</summary>
    FillingBanks,
}
