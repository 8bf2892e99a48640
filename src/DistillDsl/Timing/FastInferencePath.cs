using DistillDsl.Fusion;
using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>Inference through <see cref="FastInferenceGraph"/> (batch norms folded into the convolutions, inference mode),
/// the path evaluation and inference use. Owns its fused copy of the weights, not the graph.</summary>
/// <param name="options">The fast path's choices (channels-last by default, as evaluation and inference run it).</param>
public sealed class FastInferencePath(DistillGraph graph, FastInferenceOptions? options = null) : IInferencePath
{
    /// <summary>The name of the default fast path (channels-last).</summary>
    public const string PathName = "fast";

    /// <summary>The name of the fast path in contiguous (NCHW) layout.</summary>
    public const string ContiguousPathName = "fast-nchw";

    private readonly FastInferenceGraph fast = new(graph, options);

    public string Name => fast.UsesChannelsLast ? PathName : ContiguousPathName;

    public Tensor Run(Tensor rgb)
    {
        var (maps, scores) = fast.Run(rgb);
        maps.Dispose();
        return scores;
    }

    public void Dispose() => fast.Dispose();
}
