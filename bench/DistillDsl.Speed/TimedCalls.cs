using DistillDsl.Fusion;
using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Speed;

/// <summary>The calls the bench times: maps and scores of one batch, finished by reading a number back (which waits for the
/// device), everything made in between freed.</summary>
internal static class TimedCalls
{
    /// <summary>The graph's own methods: forward → anomaly map → score, eval mode, no gradients.</summary>
    public static void Plain(DistillGraph graph, Tensor rgb)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using GraphFeatures features = graph.forward(rgb);
        Tensor maps = graph.AnomalyMap(features, rgb.shape[2], rgb.shape[3]);
        graph.Score(maps).sum().item<float>();
    }

    public static void Fast(FastInferenceGraph fast, Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var (_, scores) = fast.Run(rgb);
        scores.sum().item<float>();
    }
}
