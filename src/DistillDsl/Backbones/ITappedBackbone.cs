using DistillDsl.Spec.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Backbones;

/// <summary>A backbone that returns the outputs of named taps (see <see cref="BackboneCatalog"/>).
/// Implementations stop the forward pass after the deepest requested tap.</summary>
public interface ITappedBackbone
{
    BackboneInfo Info { get; }

    /// <summary>Runs the input through the backbone and returns the requested taps, keyed by tap name.</summary>
    /// <exception cref="ArgumentException">A tap name is not one of <see cref="BackboneInfo.Taps"/>.</exception>
    IReadOnlyDictionary<string, Tensor> ForwardTaps(Tensor input, IReadOnlyCollection<string> taps);

    /// <summary>The module itself, for parameters, state dicts, device moves and train/eval.</summary>
    nn.Module AsModule();
}
