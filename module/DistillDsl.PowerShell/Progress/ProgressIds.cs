namespace DistillDsl.PowerShell.Progress;

/// <summary>The activity ids of the module's progress bars, one per kind of work, so that bars shown at once (a
/// training's epochs, its batches, then its evaluation) never replace each other and a host can tell them apart.</summary>
internal static class ProgressIds
{
    public const int Training = 1;
    public const int TrainingBatches = 2;
    public const int Evaluation = 3;
    public const int Timing = 4;
    public const int Sweep = 5;
    public const int SyntheticDataset = 6;
}
