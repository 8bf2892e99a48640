namespace DistillDsl.Checkpoints;

/// <summary>A checkpoint file that cannot be used: missing, not a checkpoint, truncated, damaged, of another schema version,
/// or of another config than the graph it is loaded into. The message names the file and the reason.</summary>
public sealed class CheckpointException : IOException
{
    public CheckpointException(string path, string reason, Exception? inner = null)
        : base($"Checkpoint '{path}' cannot be used: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Why it cannot be used, as one sentence.</summary>
    public string Reason { get; }
}
