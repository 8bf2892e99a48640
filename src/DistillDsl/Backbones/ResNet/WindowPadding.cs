using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.ResNet;

/// <summary>Padding around a convolution or pooling window, in ONNX order [top, left, bottom, right].
/// Symmetric padding is left to the layer itself, as in torchvision; asymmetric padding (CNTK) is applied
/// to the input explicitly and the layer is built without padding.</summary>
internal readonly record struct WindowPadding(int Top, int Left, int Bottom, int Right)
{
    public bool IsSymmetric => Top == Left && Top == Bottom && Top == Right;

    /// <summary>The padding to build the layer with: the amount on every side when symmetric, else 0.</summary>
    public int LayerPadding => IsSymmetric ? Top : 0;

    /// <summary>The input padded with <paramref name="value"/> when the layer cannot pad itself; else the input as it is.</summary>
    public Tensor PadInput(Tensor input, double value = 0) =>
        IsSymmetric ? input : nn.functional.pad(input, new long[] { Left, Right, Top, Bottom }, PaddingModes.Constant, value);
}
