using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Backbones;

/// <summary>The part of a backbone that computes one catalog tap from the previous one (from the image for the first).</summary>
/// <param name="Tap">The catalog tap it ends at.</param>
/// <param name="Module">The backbone's own modules for that part (not copies): running the stages in order is the backbone's
/// <see cref="ITappedBackbone.ForwardTaps"/>.</param>
public sealed record BackboneStage(string Tap, nn.Module<Tensor, Tensor> Module);
