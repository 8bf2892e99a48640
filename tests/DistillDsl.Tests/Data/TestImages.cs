using StbImageWriteSharp;

namespace DistillDsl.Tests.Data;

/// <summary>Writes small test images with StbImageWriteSharp (an encoder independent of the decoder under test).</summary>
internal static class TestImages
{
    /// <summary>Pixels of a width × height image with <paramref name="channels"/> interleaved channels, each value from
    /// <paramref name="value"/>(x, y, channel).</summary>
    public static byte[] Pixels(int width, int height, int channels, Func<int, int, int, int> value)
    {
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    pixels[(y * width + x) * channels + c] = (byte)value(x, y, c);
        return pixels;
    }

    /// <summary>A gradient that differs per channel, so channel mix-ups show.</summary>
    public static byte[] Gradient(int width, int height, int channels) =>
        Pixels(width, height, channels, (x, y, c) => (x * 37 + y * 11 + c * 60) % 256);

    public static string Png(string path, int width, int height, int channels, byte[]? pixels = null) =>
        Write(path, (writer, stream) => writer.WritePng(pixels ?? Gradient(width, height, channels), width, height, Components(channels), stream));

    public static string Jpeg(string path, int width, int height, int channels, byte[]? pixels = null) =>
        Write(path, (writer, stream) => writer.WriteJpg(pixels ?? Gradient(width, height, channels), width, height, Components(channels), stream, 95));

    public static string Bmp(string path, int width, int height, int channels, byte[]? pixels = null) =>
        Write(path, (writer, stream) => writer.WriteBmp(pixels ?? Gradient(width, height, channels), width, height, Components(channels), stream));

    /// <summary>A 0/255 mask with the given pixels set.</summary>
    public static string Mask(string path, int width, int height, Func<int, int, bool> isDefect) =>
        Png(path, width, height, 1, Pixels(width, height, 1, (x, y, _) => isDefect(x, y) ? 255 : 0));

    private static ColorComponents Components(int channels) => channels switch
    {
        1 => ColorComponents.Grey,
        2 => ColorComponents.GreyAlpha,
        3 => ColorComponents.RedGreenBlue,
        4 => ColorComponents.RedGreenBlueAlpha,
        _ => throw new ArgumentOutOfRangeException(nameof(channels)),
    };

    private static string Write(string path, Action<ImageWriter, Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path)) write(new ImageWriter(), stream);
        return path;
    }
}
