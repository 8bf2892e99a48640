using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Reverse Distillation's upsampling block with its three batch norms folded:
/// relu(conv2(relu(tconv1(x))) + tconv(x)). The residual sum and the last ReLU run in place.</summary>
internal sealed class FusedUpsamplingBlock(FusedTransposedConvolution conv1, FusedConvolution conv2, FusedTransposedConvolution upsample) : FusedLayer
{
    public override Tensor Forward(Tensor input)
    {
        using Tensor inner = conv1.Forward(input);
        Tensor output = conv2.Forward(inner);
        using Tensor shortcut = upsample.Forward(input);
        return output.add_(shortcut).relu_();
    }

    public override void UseChannelsLast()
    {
        conv1.UseChannelsLast();
        conv2.UseChannelsLast();
        upsample.UseChannelsLast();
    }

    public override void Dispose()
    {
        conv1.Dispose();
        conv2.Dispose();
        upsample.Dispose();
    }
}
