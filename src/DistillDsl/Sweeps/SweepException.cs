namespace DistillDsl.Sweeps;

/// <summary>A sweep description, manifest or cell file that cannot be used; the message names the file and the reason.</summary>
public class SweepException(string message, string? path = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The file or folder at fault, when there is one.</summary>
    public string? Path { get; } = path;
}
