using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>A transposed convolution with the batch norm after it folded in (<see cref="ConvBatchNormFolding.Fold(ConvTranspose2d, BatchNorm2d?)"/>)
/// and its activation applied in place: Reverse Distillation's 2×2 stride-2 upsampling convolutions.</summary>
internal sealed class FusedTransposedConvolution : FusedLayer
{
    private Tensor weight;
    private readonly Tensor? bias;
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long[] outputPadding;
    private readonly long[] dilation;
    private readonly long groups;

    public FusedTransposedConvolution(ConvTranspose2d convolution, BatchNorm2d? norm, FusedActivation activation)
    {
        if (convolution.padding_mode != PaddingModes.Zeros || convolution.padding_type is not null)
        {
            throw new NotSupportedException($"The fast path folds transposed convolutions with explicit zero padding only; got padding mode {convolution.padding_mode}.");
        }
        if (activation is not (FusedActivation.None or FusedActivation.ReLU))
        {
            throw new NotSupportedException($"The fast path applies only ReLU after a transposed convolution, not {activation}.");
        }
        (weight, bias) = ConvBatchNormFolding.Fold(convolution, norm);
        stride = convolution.stride;
        padding = convolution.padding ?? throw new NotSupportedException("The fast path needs a transposed convolution with explicit padding sizes.");
        outputPadding = convolution.output_padding;
        dilation = convolution.dilation;
        groups = convolution.groups;
        Activation = activation;
    }

    public FusedActivation Activation { get; set; }

    public override Tensor Forward(Tensor input)
    {
        Tensor output = nn.functional.conv_transpose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups);
        return Activation == FusedActivation.ReLU ? output.relu_() : output;
    }

    public override void UseChannelsLast()
    {
        Tensor converted = MemoryLayout.ChannelsLast(weight);
        weight.Dispose();
        weight = converted;
    }

    public override void Dispose()
    {
        weight.Dispose();
        bias?.Dispose();
    }
}
