namespace DistillDsl.Data;

/// <summary>A dataset file or folder cannot be used; the message names it and says why.</summary>
public sealed class DatasetException(string path, string reason, Exception? inner = null)
    : Exception($"'{path}': {reason}", inner)
{
    /// <summary>The file or folder at fault.</summary>
    public string Path { get; } = path;

    /// <summary>Why it cannot be used, without the path.</summary>
    public string Reason { get; } = reason;
}
