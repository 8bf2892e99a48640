namespace DistillDsl.Deploy;

/// <summary>An image that cannot be scored: missing, unreadable, not a PNG/JPEG/BMP, truncated or undecodable. The message
/// names the image and the reason.</summary>
public sealed class BadImageException : IOException
{
    public BadImageException(string source, string reason, Exception? inner = null)
        : base($"Image '{source}' cannot be scored: {reason}", inner)
    {
        ImageSource = source;
        Reason = reason;
    }

    /// <summary>The image's path or name.</summary>
    public string ImageSource { get; }

    public string Reason { get; }
}
