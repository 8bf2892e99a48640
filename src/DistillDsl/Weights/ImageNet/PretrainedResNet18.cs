using DistillDsl.Backbones.ResNet;
using DistillDsl.Data;
using DistillDsl.Spec.Backbones;
using static TorchSharp.torch;

namespace DistillDsl.Weights.ImageNet;

/// <summary>A pretrained ResNet-18 and the input it expects.</summary>
/// <param name="Backbone">The network, in eval mode with frozen parameters.</param>
/// <param name="BgrMeans">Per-channel means subtracted from the 0..255 input, in BGR order.</param>
public sealed record PretrainedResNet18(ResNet18 Backbone, IReadOnlyList<float> BgrMeans)
{
    /// <summary>BGR channel order, 0..255, minus <see cref="BgrMeans"/>, no division — the preprocessing the weights were trained with.</summary>
    public NormalizationParameters InputNormalization { get; } = NormalizationParameters.BgrMeanOf(BgrMeans[0], BgrMeans[1], BgrMeans[2]);

    /// <summary>Always <see cref="Spec.Backbones.InputNormalization.BgrMean"/>.</summary>
    public InputNormalization Normalization => InputNormalization.Kind;

    /// <summary>Turns an N×3×H×W RGB batch in [0, 1] into the backbone's input.</summary>
    public Tensor Normalize(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3)
        {
            throw new ArgumentException($"Expected an N×3×H×W RGB batch, got a tensor of shape [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        }
        return InputNormalization.Apply(rgb);
    }
}
