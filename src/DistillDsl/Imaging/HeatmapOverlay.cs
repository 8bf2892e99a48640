using DistillDsl.IO;

namespace DistillDsl.Imaging;

/// <summary>Writes heat-map pictures people look at: the input image beside the anomaly map blended over it (jet colours),
/// with the ground-truth mask outline when there is one.</summary>
public static class HeatmapOverlay
{
    /// <summary>Renders and writes a PNG of width 2·W: left the image as the network saw it, right the map blended over it
    /// with the ground-truth outline in white.</summary>
    /// <param name="rgb">Image pixels, H·W·3 values in [0, 1], row-major.</param>
    /// <param name="map">Anomaly map, H·W values (any range).</param>
    /// <param name="mask">Optional ground truth, H·W values, nonzero = defect.</param>
    /// <param name="mapMin">Map value drawn as blue (shared across images so colours compare).</param>
    /// <param name="mapMax">Map value drawn as red.</param>
    public static void WritePng(string path, int width, int height, ReadOnlySpan<float> rgb, ReadOnlySpan<float> map, ReadOnlySpan<float> mask, float mapMin, float mapMax)
    {
        if (rgb.Length != width * height * 3 || map.Length != width * height || (!mask.IsEmpty && mask.Length != width * height))
        {
            throw new ArgumentException($"Heat map '{path}': pixel buffers do not match {width}×{height}.");
        }
        byte[] pixels = new byte[2 * width * height * 3];
        float range = Math.Max(mapMax - mapMin, 1e-12f);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                int left = (y * 2 * width + x) * 3;
                int right = left + width * 3;
                bool contour = !mask.IsEmpty && IsContour(mask, width, height, x, y);
                float t = Math.Clamp((map[p] - mapMin) / range, 0f, 1f);
                var (jr, jg, jb) = Jet(t);
                for (int c = 0; c < 3; c++)
                {
                    float v = rgb[p * 3 + c];
                    pixels[left + c] = ToByte(v);
                    float jet = c == 0 ? jr : c == 1 ? jg : jb;
                    pixels[right + c] = ToByte(contour ? 1f : 0.5f * v + 0.5f * jet);
                }
            }
        }
        byte[] png = PngWriter.Encode(pixels, 2 * width, height, channels: 3);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static bool IsContour(ReadOnlySpan<float> mask, int width, int height, int x, int y)
    {
        if (mask[y * width + x] == 0) return false;
        return x == 0 || y == 0 || x == width - 1 || y == height - 1
            || mask[y * width + x - 1] == 0 || mask[y * width + x + 1] == 0
            || mask[(y - 1) * width + x] == 0 || mask[(y + 1) * width + x] == 0;
    }

    /// <summary>The classic jet colour map: blue → cyan → yellow → red.</summary>
    internal static (float R, float G, float B) Jet(float t)
    {
        float r = Math.Clamp(1.5f - Math.Abs(4f * t - 3f), 0f, 1f);
        float g = Math.Clamp(1.5f - Math.Abs(4f * t - 2f), 0f, 1f);
        float b = Math.Clamp(1.5f - Math.Abs(4f * t - 1f), 0f, 1f);
        return (r, g, b);
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);
}
