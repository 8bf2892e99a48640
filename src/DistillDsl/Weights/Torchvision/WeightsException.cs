namespace DistillDsl.Weights.Torchvision;

/// <summary>A checkpoint could not be found, verified, read or loaded. The message says which file, why, and (when it
/// was searched for) every place it was looked for and where to get it.</summary>
public sealed class WeightsException : Exception
{
    public WeightsException(string message, string filePath, IReadOnlyList<string>? searchedLocations = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        SearchedLocations = searchedLocations ?? [filePath];
    }

    /// <summary>The checkpoint file, or the file name that was searched for.</summary>
    public string FilePath { get; }

    /// <summary>Full paths that were tried, in order.</summary>
    public IReadOnlyList<string> SearchedLocations { get; }
}
