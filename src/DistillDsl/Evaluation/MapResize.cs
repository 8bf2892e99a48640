using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>Resizes an anomaly map to another size, e.g. back to its image's original size for an overlay: bilinear with
/// half-pixel centres (align_corners = false, as the graph upsamples tap maps), without antialiasing. Every output value
/// is a weighted mean of input values, so the map's range does not grow.</summary>
public static class MapResize
{
    /// <param name="map">H·W values, row-major.</param>
    /// <returns>newHeight·newWidth values, row-major; a copy of <paramref name="map"/> when the size is the same.</returns>
    public static float[] Bilinear(ReadOnlySpan<float> map, int width, int height, int newWidth, int newHeight)
    {
        if (width <= 0 || height <= 0 || newWidth <= 0 || newHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(newWidth), $"Map sizes must be positive; got {width}×{height} → {newWidth}×{newHeight}.");
        }
        if (map.Length != width * height) throw new ArgumentException($"A {width}×{height} map has {width * height} values, not {map.Length}.", nameof(map));
        if (width == newWidth && height == newHeight) return map.ToArray();

        using var scope = NewDisposeScope();
        Tensor source = tensor(map.ToArray(), [1, 1, height, width]);
        Tensor resized = nn.functional.interpolate(source, [newHeight, newWidth], mode: InterpolationMode.Bilinear, align_corners: false);
        return resized.contiguous().data<float>().ToArray();
    }
}
