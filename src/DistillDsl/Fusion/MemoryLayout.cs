using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Channels-last memory format, which TorchSharp 0.107 has no API for: a [N, C, H, W] tensor stored as
/// [N, H, W, C] (permute, copy, permute back keeps the logical shape and gives the NHWC strides LibTorch recognises).</summary>
internal static class MemoryLayout
{
    public static Tensor ChannelsLast(Tensor tensor)
    {
        using Tensor nhwc = tensor.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }
}
