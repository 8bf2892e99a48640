using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>Inference through the graph's own methods, as evaluation and inference run it: <see cref="DistillGraph.forward"/>
/// → <see cref="DistillGraph.AnomalyMap"/> at the input size → <see cref="DistillGraph.Score"/>, in inference mode (no
/// autograd bookkeeping). Does not own the graph.</summary>
public sealed class GraphInferencePath : IInferencePath
{
    public const string PathName = "graph";

    private readonly DistillGraph graph;

    /// <param name="graph">Put in eval mode here: timing a student's training-mode batch norm would time the wrong thing.</param>
    public GraphInferencePath(DistillGraph graph)
    {
        this.graph = graph ?? throw new ArgumentNullException(nameof(graph));
        graph.eval();
    }

    public string Name => PathName;

    public Tensor Run(Tensor rgb)
    {
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        using GraphFeatures features = graph.forward(rgb);
        Tensor maps = graph.AnomalyMap(features, rgb.shape[2], rgb.shape[3]);
        return graph.Score(maps).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        // Nothing of its own: the graph belongs to whoever built it.
    }
}
