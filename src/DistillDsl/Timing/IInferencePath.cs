using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>The seam between the timer and an inference implementation: what one timed iteration runs. An implementation
/// takes a graph's input batch to its anomaly maps and image scores (forward → anomaly map → score) without autograd, and
/// leaves the work queued on the device; the timer synchronises the device around each call.</summary>
/// <remarks>Implementations: <see cref="FastInferencePath"/> (fused; the default) and <see cref="GraphInferencePath"/> (the graph's own methods). Which one a sweep uses is chosen
/// in one place, <see cref="InferencePaths.Default"/>.</remarks>
public interface IInferencePath : IDisposable
{
    /// <summary>Short name written in every timing point (e.g. <c>graph</c>), so results of different paths are never mixed up.</summary>
    string Name { get; }

    /// <summary>[B, 3, H, W] RGB in [0, 1] at the graph's input size, on the graph's device → [B] image scores on that device,
    /// owned by the caller. The anomaly maps are computed in full (the scores depend on them).</summary>
    Tensor Run(Tensor rgb);
}
