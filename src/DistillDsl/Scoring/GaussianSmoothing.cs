using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Separable Gaussian blur of [B, 1, H, W] anomaly maps, on the maps' device, with reflect padding.
/// Kernel size 2·⌊4σ + 0.5⌋ + 1, the usual choice for anomaly maps (σ = 4 → 33 taps).</summary>
public static class GaussianSmoothing
{
    public static int KernelSize(double sigma) => 2 * (int)(4.0 * sigma + 0.5) + 1;

    /// <summary>The 1-D kernel, exp(−x² / 2σ²) for x = −r … r divided by its sum, in float32. One definition for the
    /// torch path and the ONNX export, so both smooth with the same numbers.</summary>
    public static float[] Kernel(double sigma)
    {
        if (sigma <= 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Gaussian sigma must be positive.");
        int size = KernelSize(sigma);
        int radius = size / 2;
        var kernel = new float[size];
        for (int i = 0; i < size; i++)
        {
            float x = i - radius;
            kernel[i] = MathF.Exp(-(x * x) / (float)(2 * sigma * sigma));
        }
        float sum = kernel.Sum();
        for (int i = 0; i < size; i++) kernel[i] /= sum;
        return kernel;
    }

    public static Tensor Apply(Tensor maps, double sigma)
    {
        float[] weights = Kernel(sigma);
        int size = weights.Length;
        int radius = size / 2;
        using var scope = NewDisposeScope();
        Tensor kernel = tensor(weights, device: maps.device);
        Tensor horizontal = kernel.view(1, 1, 1, size);
        Tensor vertical = kernel.view(1, 1, size, 1);
        // Reflect padding needs the pad to be smaller than the map; fall back to replicate for tiny maps.
        var mode = maps.shape[^1] > radius && maps.shape[^2] > radius ? PaddingModes.Reflect : PaddingModes.Replicate;
        Tensor padded = nn.functional.pad(maps, [radius, radius, radius, radius], mode);
        Tensor blurred = nn.functional.conv2d(nn.functional.conv2d(padded, horizontal), vertical);
        return blurred.MoveToOuterDisposeScope();
    }
}
