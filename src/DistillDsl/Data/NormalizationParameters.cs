using DistillDsl.Spec.Backbones;
using TorchSharp;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Data;

/// <summary>How an RGB image in [0, 1] becomes a teacher's input: (x × <see cref="Scale"/> − mean) / std, per channel,
/// after reordering the channels to BGR for <see cref="InputNormalization.BgrMean"/>.</summary>
/// <param name="Mean">Per-channel mean, in the teacher's channel order (R, G, B for ImageNet; B, G, R for BgrMean).</param>
/// <param name="Std">Per-channel divisor, same order; (1, 1, 1) for BgrMean.</param>
public sealed record NormalizationParameters(InputNormalization Kind, ChannelValues Mean, ChannelValues Std)
{
    public ChannelValues Std { get; } = Std.First > 0 && Std.Second > 0 && Std.Third > 0
        ? Std
        : throw new ArgumentOutOfRangeException(nameof(Std), Std, "standard deviations must be positive.");

    /// <summary>torchvision's ImageNet statistics.</summary>
    public static NormalizationParameters ImageNet { get; } =
        new(InputNormalization.ImageNet, new(0.485f, 0.456f, 0.406f), new(0.229f, 0.224f, 0.225f));

    /// <summary>BGR, 0..255, minus the per-channel means of the ResNetPrepOnnx mean image (103.06, 115.90, 123.15,
    /// rounded; see notes/pretrained-weights.md). Use <see cref="BgrMeanOf"/> for exact values.</summary>
    public static NormalizationParameters BgrMean { get; } = BgrMeanOf(103.06f, 115.90f, 123.15f);

    /// <summary>BGR-mean normalisation with the caller's means (0..255 scale), no division.</summary>
    public static NormalizationParameters BgrMeanOf(float blue, float green, float red) =>
        new(InputNormalization.BgrMean, new(blue, green, red), new(1f, 1f, 1f));

    /// <summary>The standard parameters of a teacher's normalisation kind.</summary>
    public static NormalizationParameters For(InputNormalization kind) => kind switch
    {
        InputNormalization.ImageNet => ImageNet,
        InputNormalization.BgrMean => BgrMean,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown input normalisation."),
    };

    /// <summary>255 for BgrMean (its means are on the 0..255 scale), 1 for ImageNet.</summary>
    public float Scale => Kind == InputNormalization.BgrMean ? 255f : 1f;

    /// <summary>Normalises RGB images in [0, 1] whose channel dimension is the third from last ([3,H,W] or [B,3,H,W]);
    /// the result is on the input's device.</summary>
    public Tensor Apply(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        Tensor ordered = Kind == InputNormalization.BgrMean ? rgb.flip(-3) : rgb;
        Tensor mean = tensor(Mean.ToArray(), device: rgb.device).view(3, 1, 1);
        Tensor std = tensor(Std.ToArray(), device: rgb.device).view(3, 1, 1);
        return ((ScalarArithmetic.Mul(ordered, Scale) - mean) / std).MoveToOuterDisposeScope();
    }
}
