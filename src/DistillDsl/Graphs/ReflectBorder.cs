using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>A teacher's <c>reflect_border</c>: the image mirrored out by that many pixels on each side before the teacher reads
/// it, and each tap's features cropped back to the image's extent (border / stride positions per side). Features at the
/// image's edge then see texture on both sides instead of the convolutions' zero padding, which otherwise makes normal
/// borders and corners look anomalous. The validator ensures the border is a multiple of every tap's stride.</summary>
public static class ReflectBorder
{
    /// <summary>[B, C, H, W] → [B, C, H + 2p, W + 2p], mirrored without repeating the edge row (PyTorch's <c>reflect</c>);
    /// the input itself when <paramref name="pixels"/> is 0.</summary>
    public static Tensor Pad(Tensor input, int pixels) =>
        pixels == 0 ? input : nn.functional.pad(input, [pixels, pixels, pixels, pixels], PaddingModes.Reflect);

    /// <summary>A tap's features of the padded image → those of the image: <paramref name="pixels"/> / stride positions off each
    /// side (a view); the features themselves when <paramref name="pixels"/> is 0.</summary>
    public static Tensor Crop(Tensor features, int pixels, int stride)
    {
        if (pixels == 0) return features;
        if (pixels % stride != 0) throw new ArgumentException($"A reflect border of {pixels} pixels is not a multiple of the tap's stride {stride}.", nameof(pixels));
        long cut = pixels / stride;
        return features.narrow(2, cut, features.shape[2] - 2 * cut).narrow(3, cut, features.shape[3] - 2 * cut);
    }

    /// <summary>Per tap of <paramref name="teacher"/>, in its spec's order: the catalog stride that <see cref="Crop"/> divides by.</summary>
    public static int[] Strides(TeacherSpec teacher, BackboneInfo backbone) =>
        teacher.Taps.Select(t => backbone.FindTap(t.Name)?.Stride
            ?? throw new ArgumentException($"Teacher '{teacher.Name}': {backbone.Name} has no tap '{t.Name}'.", nameof(teacher))).ToArray();
}
