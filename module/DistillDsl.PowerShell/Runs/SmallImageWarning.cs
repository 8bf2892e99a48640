using StbImageSharp;

namespace DistillDsl.PowerShell.Runs;

/// <summary>A warning for an image far smaller than the model's input: it is upscaled (a 1×1 image to a flat square), so
/// its score says little about the surface, though it is scored like any other.</summary>
internal static class SmallImageWarning
{
    /// <summary>Upscaling by more than this on a side is warned about.</summary>
    public const int MaxUpscale = 4;

    /// <summary>The warning for <paramref name="imagePath"/>, or null when it is large enough or cannot be read (the
    /// scoring reports unreadable files itself). Reads the file's header only.</summary>
    public static string? For(string imagePath, int inputSize)
    {
        ImageInfo? info;
        try
        {
            using FileStream stream = File.OpenRead(imagePath);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // the scoring reports an unreadable file with its reason
        {
            return null;
        }
        if (info is not ImageInfo size || size.Width <= 0 || size.Height <= 0) return null;
        if (size.Width * MaxUpscale >= inputSize && size.Height * MaxUpscale >= inputSize) return null;
        return $"'{imagePath}' is only {size.Width}×{size.Height} pixels and is upscaled to the model's {inputSize}×{inputSize} input: " +
               "its score says little about the surface.";
    }
}
