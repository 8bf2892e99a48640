namespace DistillDsl.Deploy;

/// <summary>A decoded 8-bit RGB image: <see cref="Pixels"/> holds R, G, B interleaved, row after row (Width × Height × 3 bytes).</summary>
/// <param name="Source">A name for messages and results (a file path, or null).</param>
public sealed record RgbPixels
{
    public RgbPixels(int width, int height, byte[] pixels, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"An image needs a positive size; got {width}×{height}.");
        if (pixels.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"A {width}×{height} RGB image has {(long)width * height * 3} bytes; got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
        Source = source;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public string? Source { get; }
}
