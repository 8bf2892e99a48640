using DistillDsl.Graphs;
using DistillDsl.Inference.Fast;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>Inference through <see cref="FastInferenceGraph"/> (batch norms folded into the convolutions, inference mode),
/// the path evaluation and inference use. Owns its fused copy of the weights, not the graph.</summary>
public sealed class FastInferencePath(DistillGraph graph) : IInferencePath
{
    public const string PathName = "fast";

    private readonly FastInferenceGraph fast = new(graph);

    public string Name => PathName;

    public Tensor Run(Tensor rgb)
    {
        var (maps, scores) = fast.Run(rgb);
        maps.Dispose();
        return scores;
    }

    public void Dispose() => fast.Dispose();
}
