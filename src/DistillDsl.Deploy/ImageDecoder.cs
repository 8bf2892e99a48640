using StbImageSharp;

namespace DistillDsl.Deploy;

/// <summary>PNG, JPEG and BMP bytes to RGB pixels with StbImageSharp, as DistillDsl's training and evaluation decode them: gray
/// copied to R, G and B, alpha dropped, 16-bit PNGs reduced to their high byte. A PNG without its end chunk and a JPEG without an
/// end-of-image marker after its last scan are refused, because the decoder would quietly fill the missing part.</summary>
public static class ImageDecoder
{
    public static RgbPixels ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BadImageException(path, "file not found.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadImageException(path, $"the file cannot be read ({e.Message}).", e);
        }
        return Decode(bytes, path);
    }

    /// <param name="source">A name for messages and the result.</param>
    public static RgbPixels Decode(byte[] encoded, string source)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length == 0) throw new BadImageException(source, "the file is empty.");
        CheckComplete(encoded, source);
        ImageResult? result;
        try
        {
            result = ImageResult.FromMemory(encoded, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BadImageException(source, $"the image cannot be decoded ({e.Message}).", e);
        }
        if (result?.Data is null || result.Width <= 0 || result.Height <= 0 || result.Data.Length != result.Width * result.Height * 3)
        {
            throw new BadImageException(source, "the image cannot be decoded (the decoder returned no pixels).");
        }
        return new RgbPixels(result.Width, result.Height, result.Data, source);
    }

    private static void CheckComplete(ReadOnlySpan<byte> data, string source)
    {
        bool png = data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']);
        bool jpeg = data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
        bool bmp = data.Length >= 2 && data[0] == 'B' && data[1] == 'M';
        if (png && data.LastIndexOf("IEND"u8) < 0) throw new BadImageException(source, "truncated PNG: the IEND chunk is missing.");
        if (jpeg)
        {
            // In JPEG scan data every 0xFF byte is stuffed or a restart marker, so the last start-of-scan must be followed by end-of-image.
            int lastScan = data.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xDA]);
            if (lastScan < 0 || data[lastScan..].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0)
            {
                throw new BadImageException(source, "truncated JPEG: the end-of-image marker is missing after the image data.");
            }
        }
        if (!png && !jpeg && !bmp)
        {
            throw new BadImageException(source, $"not a PNG, JPEG or BMP file (it starts with bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])}).");
        }
    }
}
