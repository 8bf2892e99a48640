using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>Layers the hand-built students share.</summary>
internal static class StudentLayers
{
    /// <summary>k×k convolution (no bias, "same" padding (k − 1) / 2, so a side n becomes ⌈n / stride⌉ for odd k), batch norm,
    /// ReLU: the paper's "one layer" of a student block. Parts are named conv, bn, relu.</summary>
    public static Sequential ConvBnRelu(long inChannels, long outChannels, long kernel, long stride) => nn.Sequential(
        ("conv", nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: (kernel - 1) / 2, bias: false)),
        ("bn", nn.BatchNorm2d(outChannels)),
        ("relu", nn.ReLU()));

    /// <summary>A fresh ResNet-18 stem with <paramref name="channels"/> output channels: 7×7/2 convolution, batch norm, ReLU,
    /// 3×3/2 max pool (side n → ⌈n / 4⌉), with torchvision's part names conv1, bn1, relu, maxpool.</summary>
    public static Sequential ResNetStem(long channels) => nn.Sequential(
        ("conv1", nn.Conv2d(3, channels, 7, stride: 2, padding: 3, bias: false)),
        ("bn1", nn.BatchNorm2d(channels)),
        ("relu", nn.ReLU()),
        ("maxpool", nn.MaxPool2d(3, stride: 2, padding: 1)));
}
