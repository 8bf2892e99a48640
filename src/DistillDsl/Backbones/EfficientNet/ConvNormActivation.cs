using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.EfficientNet;

/// <summary>Convolution without bias, batch norm, then SiLU (or nothing): torchvision's Conv2dNormActivation as
/// EfficientNet uses it. Padding is (kernel − 1) / 2, so stride 1 keeps the size and stride 2 halves it.</summary>
/// <remarks>The components are named "0" and "1" so the state dict reads <c>…0.weight</c>, <c>…1.running_mean</c>
/// like torchvision's nn.Sequential.</remarks>
internal sealed class ConvNormActivation : nn.Module<Tensor, Tensor>
{
    /// <summary>torchvision's efficientnet_b0 uses nn.BatchNorm2d's defaults (EfficientNet-V2 is the one with 1e-3).</summary>
    public const double BatchNormEpsilon = 1e-5;
    public const double BatchNormMomentum = 0.1;

    [ComponentName(Name = "0")]
    private readonly Conv2d conv;

    [ComponentName(Name = "1")]
    private readonly BatchNorm2d norm;

    private readonly bool applySiLU;

    public ConvNormActivation(long inputChannels, long outputChannels, long kernelSize, long stride = 1, long groups = 1, bool applySiLU = true)
        : base(nameof(ConvNormActivation))
    {
        conv = nn.Conv2d(inputChannels, outputChannels, kernelSize, stride: stride, padding: (kernelSize - 1) / 2, groups: groups, bias: false);
        norm = nn.BatchNorm2d(outputChannels, eps: BatchNormEpsilon, momentum: BatchNormMomentum);
        this.applySiLU = applySiLU;
        RegisterComponents();
    }

    /// <summary>Whether SiLU follows the batch norm (read by the fast inference path's layer fusion).</summary>
    internal bool AppliesSiLU => applySiLU;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor output = norm.forward(conv.forward(input));
        if (applySiLU) output = nn.functional.silu(output);
        return output.MoveToOuterDisposeScope();
    }
}
