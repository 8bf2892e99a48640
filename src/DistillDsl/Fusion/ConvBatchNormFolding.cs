using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Batch norm folded into the convolution before it, for inference: in eval mode
/// <c>bn(conv(x)) = γ · (W∗x + b − μ) / √(σ² + ε) + β</c>, which is one convolution with
/// <c>W' = W · γ / √(σ² + ε)</c> (per output channel) and <c>b' = (b − μ) · γ / √(σ² + ε) + β</c>.</summary>
/// <remarks>The arithmetic is done in float64 and rounded once to the weights' type, so the folded convolution differs from
/// conv + bn only by float32 rounding of the convolution itself. The batch norm's running statistics are used (eval mode):
/// a student folded while training would lose its batch statistics, so fold only for inference.</remarks>
public static class ConvBatchNormFolding
{
    /// <summary>New weight and bias tensors (detached copies, on the convolution's device) of the convolution followed by
    /// <paramref name="norm"/>; without a norm, copies of the convolution's own weight and bias (null when it has none).</summary>
    public static (Tensor Weight, Tensor? Bias) Fold(Conv2d convolution, BatchNorm2d? norm)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        Tensor weight = convolution.weight ?? throw new ArgumentException("The convolution has no weight.", nameof(convolution));
        return Fold(weight, convolution.bias, norm, outputAxis: 0, "convolution");
    }

    /// <summary>The same for a transposed convolution, whose weight is [in, out / groups, kh, kw]: the batch norm scales
    /// output channel o, so axis 1 (groups of 1 only).</summary>
    public static (Tensor Weight, Tensor? Bias) Fold(ConvTranspose2d convolution, BatchNorm2d? norm)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        Tensor weight = convolution.weight ?? throw new ArgumentException("The transposed convolution has no weight.", nameof(convolution));
        if (norm is not null && convolution.groups != 1) throw new NotSupportedException("Folding a batch norm into a grouped transposed convolution is not supported.");
        return Fold(weight, convolution.bias, norm, outputAxis: 1, "transposed convolution");
    }

    private static (Tensor Weight, Tensor? Bias) Fold(Tensor weight, Tensor? convolutionBias, BatchNorm2d? norm, int outputAxis, string kind)
    {
        using var noGrad = no_grad();
        if (norm is null) return (weight.detach().clone(), convolutionBias?.detach().clone());

        long outChannels = weight.shape[outputAxis];
        if (norm.num_features != outChannels)
        {
            throw new ArgumentException($"A batch norm over {norm.num_features} channels cannot follow a {kind} with {outChannels} outputs.", nameof(norm));
        }
        Tensor mean = norm.running_mean ?? throw new ArgumentException("The batch norm keeps no running mean; only a norm with running statistics can be folded.", nameof(norm));
        Tensor variance = norm.running_var ?? throw new ArgumentException("The batch norm keeps no running variance.", nameof(norm));

        using var scope = NewDisposeScope();
        Tensor scale = (variance.to(float64) + norm.eps).rsqrt();
        if (norm.weight is not null) scale = scale * norm.weight.to(float64);
        Tensor bias = convolutionBias is null ? zeros(outChannels, dtype: float64, device: weight.device) : convolutionBias.to(float64);
        bias = (bias - mean.to(float64)) * scale;
        if (norm.bias is not null) bias = bias + norm.bias.to(float64);
        long[] perChannel = outputAxis == 0 ? [-1, 1, 1, 1] : [1, -1, 1, 1];
        Tensor foldedWeight = (weight.to(float64) * scale.view(perChannel)).to(weight.dtype).contiguous();
        Tensor foldedBias = bias.to(weight.dtype);
        return (foldedWeight.MoveToOuterDisposeScope(), foldedBias.MoveToOuterDisposeScope());
    }
}
