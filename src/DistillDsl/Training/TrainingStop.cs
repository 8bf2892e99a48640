namespace DistillDsl.Training;

/// <summary>Why a training run ended.</summary>
public enum TrainingStop
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>The validation loss stopped improving (the config's <c>early_stop</c>).</summary>
    EarlyStopped,

    /// <summary>The cancellation token fired; <c>last.ckpt</c> holds the last completed epoch and the run can be resumed.</summary>
    Cancelled,

    /// <summary>A loss became NaN or infinite; the checkpoints of the last good epoch are kept.</summary>
    NonFiniteLoss,
}
