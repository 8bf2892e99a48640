namespace DistillDsl.Training;

/// <summary>The <c>training.json</c> section of <c>last.ckpt</c>: everything besides tensors that a resumed run needs to
/// continue exactly where the stored one stopped. The tensors (optimiser state, torch generator state, best students so
/// far) are binary sections of their own.</summary>
/// <param name="Settings">The run's effective settings (<see cref="TrainingPlan.Fingerprint"/>); a resumed run must match them.</param>
/// <param name="CompletedEpochs">Epochs finished; the resumed run starts with the next.</param>
/// <param name="Steps">Optimiser steps taken (the same for every student group): where the schedule is.</param>
/// <param name="History">Every finished epoch.</param>
/// <param name="Groups">Model selection and early stopping per student group.</param>
internal sealed record TrainingState(
    IReadOnlyList<TrainingSetting> Settings,
    int CompletedEpochs,
    int Steps,
    IReadOnlyList<EpochRecord> History,
    IReadOnlyList<GroupState> Groups);

internal sealed record TrainingSetting(string Name, string Value);

/// <summary>One student group (all students when they train jointly, one student when separately).</summary>
/// <param name="BestEpoch">The epoch of the group's best students so far; 0 before any.</param>
/// <param name="BestLoss">Their validation loss (the group's loss); +∞ before any.</param>
/// <param name="LowestLoss">The reference of early stopping: the loss of the last epoch that beat the one before by more
/// than early_stop.min_delta; +∞ before any.</param>
/// <param name="EpochsWithoutImprovement">Epochs since that epoch.</param>
internal sealed record GroupState(string Name, IReadOnlyList<string> Teachers, int BestEpoch, double BestLoss, double LowestLoss, int EpochsWithoutImprovement);
