using DistillDsl.Spec.Backbones;
using static TorchSharp.torch;

namespace DistillDsl.Backbones;

/// <summary>The tap every teacher offers besides its catalog taps (<see cref="BackboneCatalog.ImageTap"/>): its normalised
/// input, which no backbone stage computes. Callers ask a backbone for its layer taps only and add the image here.</summary>
public static class ImageTap
{
    public static bool Is(string tap) => tap == BackboneCatalog.ImageTapName;

    /// <summary>The taps a backbone's stages compute (all but the image), in the given order.</summary>
    public static string[] LayerTaps(IEnumerable<string> taps) => taps.Where(t => !Is(t)).ToArray();

    /// <summary>The catalog index of the deepest layer tap among <paramref name="taps"/>, −1 when only the image is asked
    /// for: how many of the backbone's stages (index + 1) must run.</summary>
    public static int DeepestLayer(BackboneInfo backbone, IEnumerable<string> taps) =>
        LayerTaps(taps).Select(backbone.IndexOfTap).DefaultIfEmpty(-1).Max();

    /// <summary><see cref="ITappedBackbone.ForwardTaps"/> for the layer taps, and the input itself (a new handle) for the
    /// image tap; the backbone does not run when only the image is asked for.</summary>
    public static Dictionary<string, Tensor> ForwardTaps(ITappedBackbone backbone, Tensor input, IReadOnlyCollection<string> taps)
    {
        string[] layers = LayerTaps(taps);
        var outputs = layers.Length == 0 ? [] : new Dictionary<string, Tensor>(backbone.ForwardTaps(input, layers));
        if (taps.Any(Is)) outputs[BackboneCatalog.ImageTapName] = input.alias();
        return outputs;
    }
}
