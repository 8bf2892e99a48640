using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>A convolution with its batch norm folded in (<see cref="ConvBatchNormFolding"/>) and its activation applied in
/// place on the convolution's output, so conv + bn + activation cost one convolution and one in-place pass.</summary>
internal sealed class FusedConvolution : FusedLayer
{
    private Tensor weight;
    private readonly Tensor? bias;
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long[] dilation;
    private readonly long groups;

    public FusedConvolution(Conv2d convolution, BatchNorm2d? norm, FusedActivation activation)
    {
        if (convolution.padding_mode != PaddingModes.Zeros || convolution.padding_type is not null)
        {
            throw new NotSupportedException($"The fast path folds convolutions with explicit zero padding only; got padding mode {convolution.padding_mode}.");
        }
        (weight, bias) = ConvBatchNormFolding.Fold(convolution, norm);
        stride = convolution.stride;
        padding = convolution.padding ?? throw new NotSupportedException("The fast path needs a convolution with explicit padding sizes.");
        dilation = convolution.dilation;
        groups = convolution.groups;
        Activation = activation;
    }

    public FusedActivation Activation { get; set; }

    public override Tensor Forward(Tensor input)
    {
        Tensor output = nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
        return Activation switch
        {
            FusedActivation.None => output,
            FusedActivation.ReLU => output.relu_(),
            FusedActivation.SiLU => nn.functional.silu(output, inplace: true),
            FusedActivation.Sigmoid => output.sigmoid_(),
            _ => throw new InvalidOperationException($"Unknown activation {Activation}."),
        };
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
