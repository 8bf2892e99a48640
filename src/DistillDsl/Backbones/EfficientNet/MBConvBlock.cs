using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.EfficientNet;

/// <summary>EfficientNet's inverted residual block (MBConv), laid out like torchvision's so the state dict matches:
/// <c>block.0</c> 1×1 expansion (absent when the expansion ratio is 1), then the k×k depthwise conv, squeeze-excitation
/// and the 1×1 projection without activation. The input is added back when the shape is unchanged, with stochastic depth
/// on the branch while training.</summary>
internal sealed class MBConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential block;

    private readonly bool useResidual;
    private readonly double stochasticDepthProbability;

    public MBConvBlock(long inputChannels, long outputChannels, long expandRatio, long kernelSize, long stride, double stochasticDepthProbability)
        : base(nameof(MBConvBlock))
    {
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, "MBConv stride must be 1 or 2.");

        // torchvision rounds the expanded width to a multiple of 8; every b0 width (input × 1 or × 6) already is one.
        long expandedChannels = inputChannels * expandRatio;
        long squeezeChannels = Math.Max(1, inputChannels / 4);

        var layers = new List<nn.Module<Tensor, Tensor>>();
        if (expandedChannels != inputChannels)
        {
            layers.Add(new ConvNormActivation(inputChannels, expandedChannels, 1));
        }
        layers.Add(new ConvNormActivation(expandedChannels, expandedChannels, kernelSize, stride, groups: expandedChannels));
        layers.Add(new SqueezeExcitation(expandedChannels, squeezeChannels));
        layers.Add(new ConvNormActivation(expandedChannels, outputChannels, 1, applySiLU: false));

        block = nn.Sequential(layers);
        useResidual = stride == 1 && inputChannels == outputChannels;
        this.stochasticDepthProbability = stochasticDepthProbability;
        RegisterComponents();
    }

    /// <summary>Whether the input is added back (same shape in and out; read by the fast inference path's layer fusion).</summary>
    internal bool UsesResidual => useResidual;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor output = block.forward(input);
        if (useResidual)
        {
            output = StochasticDepth.DropRows(output, stochasticDepthProbability, training) + input;
        }
        return output.MoveToOuterDisposeScope();
    }
}
