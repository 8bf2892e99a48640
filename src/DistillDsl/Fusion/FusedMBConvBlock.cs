using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>EfficientNet's MBConv block in eval mode: its fused layers (expansion, depthwise, squeeze-excitation,
/// projection), plus the input when the block is residual (stochastic depth is the identity outside training).</summary>
internal sealed class FusedMBConvBlock(FusedSequence block, bool residual) : FusedLayer
{
    public override Tensor Forward(Tensor input)
    {
        Tensor output = block.Forward(input);
        return residual ? output.add_(input) : output;
    }

    public override void UseChannelsLast() => block.UseChannelsLast();

    public override void Dispose() => block.Dispose();
}
