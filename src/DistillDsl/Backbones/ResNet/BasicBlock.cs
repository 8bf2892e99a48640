using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.ResNet;

/// <summary>ResNet's two-convolution residual block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), where the
/// shortcut is a 1×1 strided projection (<c>downsample</c>: conv + bn) when the stride or the width changes.
/// Names follow torchvision: conv1, bn1, conv2, bn2, downsample.0, downsample.1.</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(int inChannels, int outChannels, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor shortcut = downsample is null ? input : downsample.call(input);
        Tensor x = bn1.call(conv1.call(input)).relu_();
        x = bn2.call(conv2.call(x));
        return x.add_(shortcut).relu_().MoveToOuterDisposeScope();
    }
}
