using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>EfficientNet's squeeze-excitation: x · sigmoid(fc2(silu(fc1(mean over pixels of x)))), the 1×1 convolutions
/// with their activations applied in place.</summary>
internal sealed class FusedSqueezeExcitation(FusedConvolution fc1, FusedConvolution fc2) : FusedLayer
{
    public override Tensor Forward(Tensor input)
    {
        using Tensor squeezed = nn.functional.adaptive_avg_pool2d(input, 1);
        using Tensor hidden = fc1.Forward(squeezed);
        using Tensor scale = fc2.Forward(hidden);
        return input * scale;
    }

    public override void UseChannelsLast()
    {
        fc1.UseChannelsLast();
        fc2.UseChannelsLast();
    }

    public override void Dispose()
    {
        fc1.Dispose();
        fc2.Dispose();
    }
}
