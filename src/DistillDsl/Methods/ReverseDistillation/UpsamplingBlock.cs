using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Methods.ReverseDistillation;

/// <summary>The first block of a Reverse Distillation decoder stage: ResNet's BasicBlock with its strided 3×3 convolution
/// replaced by a 2×2 stride-2 transposed convolution, so it doubles each side:
/// relu(bn2(conv2(relu(bn1(conv1(x))))) + upsample(x)), where the shortcut <c>upsample</c> is a 2×2 stride-2 transposed
/// convolution + batch norm. Convolutions have no bias (each is followed by a batch norm). Names: conv1, bn1, conv2, bn2,
/// upsample.0, upsample.1.</summary>
internal sealed class UpsamplingBlock : nn.Module<Tensor, Tensor>
{
    private readonly ConvTranspose2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential upsample;

    public UpsamplingBlock(long inChannels, long outChannels) : base(nameof(UpsamplingBlock))
    {
        conv1 = Upsampling(inChannels, outChannels);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        upsample = nn.Sequential(Upsampling(inChannels, outChannels), nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <summary>2×2 kernel, stride 2, no padding: side n → 2n, each input pixel spread over its own 2×2 output window.</summary>
    public static ConvTranspose2d Upsampling(long inChannels, long outChannels) =>
        nn.ConvTranspose2d(inChannels, outChannels, kernel_size: 2, stride: 2, bias: false);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor shortcut = upsample.call(input);
        Tensor x = bn1.call(conv1.call(input)).relu_();
        x = bn2.call(conv2.call(x));
        return x.add_(shortcut).relu_().MoveToOuterDisposeScope();
    }
}
