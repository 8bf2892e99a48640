namespace DistillDsl.Data.Synthetic;

/// <summary>A square working image of linear colours.</summary>
internal sealed class FloatImage
{
    private readonly Rgb[] _pixels;

    public FloatImage(int size)
    {
        Size = size;
        _pixels = new Rgb[size * size];
    }

    public int Size { get; }

    public Rgb this[int x, int y]
    {
        get => _pixels[y * Size + x];
        set => _pixels[y * Size + x] = value;
    }

    public FloatImage Clone()
    {
        var copy = new FloatImage(Size);
        _pixels.CopyTo(copy._pixels, 0);
        return copy;
    }

    /// <summary>A square image from 8-bit interleaved RGB (<paramref name="size"/>² pixels).</summary>
    public static FloatImage FromBytes(byte[] rgb, int size)
    {
        if (rgb.Length != size * size * 3) throw new ArgumentException($"expected {size * size * 3} bytes for {size}² RGB pixels, got {rgb.Length}.", nameof(rgb));
        var image = new FloatImage(size);
        for (int i = 0; i < image._pixels.Length; i++)
        {
            image._pixels[i] = new Rgb(rgb[3 * i] / 255f, rgb[3 * i + 1] / 255f, rgb[3 * i + 2] / 255f);
        }
        return image;
    }

    /// <summary>8-bit interleaved RGB, rounded to nearest and clamped.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[_pixels.Length * 3];
        for (int i = 0; i < _pixels.Length; i++)
        {
            bytes[3 * i] = ToByte(_pixels[i].R);
            bytes[3 * i + 1] = ToByte(_pixels[i].G);
            bytes[3 * i + 2] = ToByte(_pixels[i].B);
        }
        return bytes;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value * 255f), 0, 255);
}
