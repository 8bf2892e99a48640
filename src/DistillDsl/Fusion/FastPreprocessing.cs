using DistillDsl.Data;
using DistillDsl.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>8-bit images → a graph's input, on the graph's device: RGB float in [0, 1] at the input size, computed exactly as
/// <see cref="ImagePreprocessing"/> computes it (divide by 255, then bilinear resize with half-pixel centres and antialiasing,
/// clamped to [0, 1]), but after the bytes were moved, so a GPU gets a quarter of the data and does the arithmetic.</summary>
public static class FastPreprocessing
{
    /// <summary>uint8 images, [H, W, 3] (one image, interleaved RGB as decoded) or [B, 3, H, W], → [B, 3, height, width]
    /// float32 on <paramref name="device"/>.</summary>
    public static Tensor ToRgb(Tensor bytes, long height, long width, Device device)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.dtype != ScalarType.Byte)
        {
            throw new ArgumentException($"Image bytes must be uint8; got {bytes.dtype}.", nameof(bytes));
        }
        bool interleaved = bytes.dim() == 3 && bytes.shape[2] == 3;
        bool planar = bytes.dim() == 4 && bytes.shape[1] == 3;
        if (!interleaved && !planar)
        {
            throw new ArgumentException($"Image bytes must be [H, W, 3] or [B, 3, H, W]; got [{string.Join(", ", bytes.shape)}].", nameof(bytes));
        }
        using var scope = NewDisposeScope();
        Tensor batch = interleaved ? bytes.permute(2, 0, 1).unsqueeze(0) : bytes;
        Tensor rgb = ScalarArithmetic.DivInPlace(batch.to(device).to(float32), 255);
        if (rgb.shape[2] != height || rgb.shape[3] != width)
        {
            rgb = ScalarArithmetic.ClampInPlace(nn.functional.interpolate(rgb, size: [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true), 0, 1);
        }
        return rgb.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>A decoded image (<see cref="ImageFile.ReadRgb"/>) → [1, 3, height, width] on <paramref name="device"/>.</summary>
    public static Tensor ToRgb(RgbImage image, long height, long width, Device device)
    {
        ArgumentNullException.ThrowIfNull(image);
        using Tensor bytes = tensor(image.Pixels, [image.Height, image.Width, 3], dtype: ScalarType.Byte);
        return ToRgb(bytes, height, width, device);
    }
}
