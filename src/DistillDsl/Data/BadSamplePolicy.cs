namespace DistillDsl.Data;

/// <summary>What a <see cref="BatchStream"/> does with a sample it cannot load.</summary>
public enum BadSamplePolicy
{
    /// <summary>Throw the <see cref="DatasetException"/> (default: bad data is noticed).</summary>
    Stop,

    /// <summary>Leave the sample out, report it (callback and <see cref="BatchStream.Problems"/>) and go on, so that a
    /// long run does not die on one bad file. Batches are refilled from the following samples.</summary>
    SkipAndReport,
}
