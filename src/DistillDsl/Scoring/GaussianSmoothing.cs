using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Separable Gaussian blur of [B, 1, H, W] anomaly maps, on the maps' device, with reflect padding.
/// Kernel size 2·⌊4σ + 0.5⌋ + 1, the usual choice for anomaly maps (σ = 4 → 33 taps).</summary>
public static class GaussianSmoothing
{
    public static int KernelSize(double sigma) => 2 * (int)(4.0 * sigma + 0.5) + 1;

    public static Tensor Apply(Tensor maps, double sigma)
    {
        if (sigma <= 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Gaussian sigma must be positive.");
        int size = KernelSize(sigma);
        int radius = size / 2;
        using var scope = NewDisposeScope();
        Tensor x = arange(size, dtype: float32, device: maps.device) - radius;
        Tensor kernel = exp(-(x * x) / (2 * sigma * sigma));
        kernel = kernel / kernel.sum();
        Tensor horizontal = kernel.view(1, 1, 1, size);
        Tensor vertical = kernel.view(1, 1, size, 1);
        // Reflect padding needs the pad to be smaller than the map; fall back to replicate for tiny maps.
        var mode = maps.shape[^1] > radius && maps.shape[^2] > radius ? PaddingModes.Reflect : PaddingModes.Replicate;
        Tensor padded = nn.functional.pad(maps, [radius, radius, radius, radius], mode);
        Tensor blurred = nn.functional.conv2d(nn.functional.conv2d(padded, horizontal), vertical);
        return blurred.MoveToOuterDisposeScope();
    }
}
