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

    /// <summary>Per tap of <paramref name="teacher"/>, in its spec's order: the positions <see cref="Crop"/> takes off each side,
    /// border / the tap's catalog stride (all 0 without a border).</summary>
    /// <exception cref="ArgumentException">A tap is not in the backbone, or the border is not a multiple of its stride (the
    /// validator reports both for configs).</exception>
    public static int[] Cuts(TeacherSpec teacher, BackboneInfo backbone) => teacher.Taps.Select(t =>
    {
        int stride = backbone.FindTap(t.Name)?.Stride
            ?? throw new ArgumentException($"Teacher '{teacher.Name}': {backbone.Name} has no tap '{t.Name}'.", nameof(teacher));
        if (teacher.ReflectBorder % stride != 0)
        {
            throw new ArgumentException($"Teacher '{teacher.Name}': a reflect border of {teacher.ReflectBorder} pixels is not a multiple of the stride {stride} of tap '{t.Name}'.", nameof(teacher));
        }
        return teacher.ReflectBorder / stride;
    }).ToArray();

    /// <summary>A tap's features of the padded image → those of the image: <paramref name="cut"/> positions off each side (a
    /// view, from <see cref="Cuts"/>); the features themselves when <paramref name="cut"/> is 0.</summary>
    public static Tensor Crop(Tensor features, int cut) =>
        cut == 0 ? features : features.narrow(2, cut, features.shape[2] - 2 * cut).narrow(3, cut, features.shape[3] - 2 * cut);
}
