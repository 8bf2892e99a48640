using DistillDsl.Fusion;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Export;

/// <summary>A convolution followed by an inference-mode batch norm, as one convolution's weights for an ONNX initializer
/// (the arithmetic is <see cref="ConvBatchNormFolding"/>'s, shared with the fast inference path).</summary>
internal static class BatchNormFolding
{
    /// <param name="norm">Null: the convolution alone (its bias, or zeros).</param>
    /// <param name="path">The module path, for messages.</param>
    public static (float[] Weight, float[] Bias) Fold(Conv2d conv, BatchNorm2d? norm, string path)
    {
        if (norm is not null && (norm.running_mean is null || norm.running_var is null))
        {
            throw new NotSupportedException(
                $"ONNX export: the batch norm after convolution '{path}' keeps no running statistics (track_running_stats = false), " +
                "so it normalises with each batch's statistics, which an exported model cannot do.");
        }
        long outChannels = conv.weight!.shape[0];
        if (norm is not null && norm.num_features != outChannels)
        {
            throw new InvalidOperationException($"ONNX export: the batch norm after '{path}' has {norm.num_features} channels, the convolution {outChannels}.");
        }
        return ToArrays(ConvBatchNormFolding.Fold(conv, norm), outChannels);
    }

    /// <summary>A transposed convolution followed by a batch norm, as one transposed convolution's weights ([in, out, kh, kw]).</summary>
    public static (float[] Weight, float[] Bias) Fold(ConvTranspose2d conv, BatchNorm2d? norm, string path)
    {
        if (norm is not null && (norm.running_mean is null || norm.running_var is null))
        {
            throw new NotSupportedException(
                $"ONNX export: the batch norm after transposed convolution '{path}' keeps no running statistics, which an exported model cannot use.");
        }
        long outChannels = conv.weight!.shape[1] * conv.groups;
        if (norm is not null && norm.num_features != outChannels)
        {
            throw new InvalidOperationException($"ONNX export: the batch norm after '{path}' has {norm.num_features} channels, the transposed convolution {outChannels}.");
        }
        return ToArrays(ConvBatchNormFolding.Fold(conv, norm), outChannels);
    }

    private static (float[] Weight, float[] Bias) ToArrays((Tensor Weight, Tensor? Bias) folded, long outChannels)
    {
        var (weight, bias) = folded;
        using (weight)
        using (bias)
        {
            float[] weights = weight.to(float32).cpu().contiguous().data<float>().ToArray();
            float[] biases = bias is null ? new float[outChannels] : bias.to(float32).cpu().data<float>().ToArray();
            return (weights, biases);
        }
    }
}
