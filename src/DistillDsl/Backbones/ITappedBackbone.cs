using DistillDsl.Spec.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Backbones;

/// <summary>A backbone that returns the outputs of named taps (see <see cref="BackboneCatalog"/>).
/// Implementations stop the forward pass after the deepest requested tap.</summary>
/// <remarks><see cref="Stages"/> is the one description of how the backbone splits into tap-named parts: the fast path
/// fuses them, the ONNX exporter writes them and mirror students copy them, each without knowing the backbone's type. A new
/// backbone implements this interface, gets a catalog entry and a case in <c>TeacherFactory</c>; fusion and export need new
/// cases only for module kinds they do not know yet.</remarks>
public interface ITappedBackbone
{
    BackboneInfo Info { get; }

    /// <summary>Runs the input through the backbone and returns the requested taps, keyed by tap name.</summary>
    /// <exception cref="ArgumentException">A tap name is not one of <see cref="BackboneInfo.Taps"/>.</exception>
    IReadOnlyDictionary<string, Tensor> ForwardTaps(Tensor input, IReadOnlyCollection<string> taps);

    /// <summary>The module itself, for parameters, state dicts, device moves and train/eval.</summary>
    nn.Module AsModule();

    /// <summary>One stage per catalog tap, in the order of <see cref="BackboneInfo.Taps"/>, made of this backbone's own modules.</summary>
    IReadOnlyList<BackboneStage> Stages();

    /// <summary>A new backbone of the same architecture and layout options, freshly initialised (a mirror student starts from it).</summary>
    ITappedBackbone NewOfSameArchitecture();
}
