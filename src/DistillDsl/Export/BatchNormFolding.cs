using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Export;

/// <summary>A convolution followed by an inference-mode batch norm, as one convolution: per output channel c,
/// scale = γ_c / √(running_var_c + ε), W′ = W · scale, b′ = (b − running_mean_c) · scale + β_c (b = 0 for a conv without
/// bias). Computed in float64, then rounded to float32 once.</summary>
internal static class BatchNormFolding
{
    /// <param name="norm">Null: the convolution alone (its bias, or zeros).</param>
    /// <param name="path">The module path, for messages.</param>
    public static (float[] Weight, float[] Bias) Fold(Conv2d conv, BatchNorm2d? norm, string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor weight = conv.weight.detach().cpu().to(float64);
        long outChannels = weight.shape[0];
        Tensor bias = conv.bias is null ? zeros(outChannels, float64) : conv.bias.detach().cpu().to(float64);
        if (norm is not null)
        {
            if (norm.running_mean is null || norm.running_var is null)
            {
                throw new NotSupportedException(
                    $"ONNX export: the batch norm after convolution '{path}' keeps no running statistics (track_running_stats = false), " +
                    "so it normalises with each batch's statistics, which an exported model cannot do.");
            }
            if (norm.num_features != outChannels)
            {
                throw new InvalidOperationException($"ONNX export: the batch norm after '{path}' has {norm.num_features} channels, the convolution {outChannels}.");
            }
            Tensor gamma = norm.weight is null ? ones(outChannels, float64) : norm.weight.detach().cpu().to(float64);
            Tensor beta = norm.bias is null ? zeros(outChannels, float64) : norm.bias.detach().cpu().to(float64);
            Tensor scale = gamma / (norm.running_var.detach().cpu().to(float64) + norm.eps).sqrt();
            weight = weight * scale.view(-1, 1, 1, 1);
            bias = (bias - norm.running_mean.detach().cpu().to(float64)) * scale + beta;
        }
        return (weight.to(float32).contiguous().data<float>().ToArray(), bias.to(float32).data<float>().ToArray());
    }
}
