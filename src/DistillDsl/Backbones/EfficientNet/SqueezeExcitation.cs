using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.EfficientNet;

/// <summary>Squeeze-and-excitation as in torchvision's EfficientNet: global average pool, 1×1 conv (fc1), SiLU,
/// 1×1 conv (fc2), sigmoid, then the input scaled per channel.</summary>
internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, long squeezeChannels)
        : base(nameof(SqueezeExcitation))
    {
        fc1 = nn.Conv2d(channels, squeezeChannels, 1);
        fc2 = nn.Conv2d(squeezeChannels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor squeezed = nn.functional.adaptive_avg_pool2d(input, 1);
        Tensor scale = fc2.forward(nn.functional.silu(fc1.forward(squeezed))).sigmoid();
        return (input * scale).MoveToOuterDisposeScope();
    }
}
