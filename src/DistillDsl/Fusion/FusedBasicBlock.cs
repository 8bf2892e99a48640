using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>ResNet's BasicBlock with its three batch norms folded: relu(conv2(relu(conv1(x))) + shortcut(x)), the shortcut
/// a folded 1×1 projection or the input itself. The residual sum and the last ReLU run in place.</summary>
internal sealed class FusedBasicBlock(FusedConvolution conv1, FusedConvolution conv2, FusedConvolution? downsample) : FusedLayer
{
    public override Tensor Forward(Tensor input)
    {
        using Tensor inner = conv1.Forward(input);
        Tensor output = conv2.Forward(inner);
        if (downsample is null) return output.add_(input).relu_();
        using Tensor shortcut = downsample.Forward(input);
        return output.add_(shortcut).relu_();
    }

    public override void UseChannelsLast()
    {
        conv1.UseChannelsLast();
        conv2.UseChannelsLast();
        downsample?.UseChannelsLast();
    }

    public override void Dispose()
    {
        conv1.Dispose();
        conv2.Dispose();
        downsample?.Dispose();
    }
}
