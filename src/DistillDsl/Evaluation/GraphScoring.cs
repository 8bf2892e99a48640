using DistillDsl.Fusion;
using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>The raw image scores of one batch, with its maps copied to the CPU when asked for.</summary>
/// <param name="Scores">One raw score per image (<c>score.kind</c>, no test-set normalisation).</param>
/// <param name="Maps">One H·W map per image (row-major), or null when not asked for.</param>
/// <param name="MapMinimum">The lowest pixel of the batch's maps.</param>
/// <param name="MapMaximum">The highest pixel of the batch's maps.</param>
internal sealed record ScoredBatch(float[] Scores, float[][]? Maps, float MapMinimum, float MapMaximum);

/// <summary>Runs RGB batches through a graph: final anomaly maps at the input size and raw scores. It uses the fast path
/// (<see cref="FastInferenceGraph"/>: batch norms folded, inference mode; equal to the plain path within 1e-5, tested) and
/// falls back to the plain path (graph.forward under no_grad, eval mode) for a graph the fast path cannot fuse. The fast
/// path copies the weights when this is made: make one per pass over the data, after training.</summary>
internal sealed class GraphScoring : IDisposable
{
    private readonly DistillGraph graph;
    private readonly FastInferenceGraph? fast;

    public GraphScoring(DistillGraph graph)
    {
        this.graph = graph;
        try
        {
            fast = new FastInferenceGraph(graph);
        }
        catch (NotSupportedException e)
        {
            // A module the fast path does not know: the plain path gives the same maps, slower.
            fast = null;
            UnfusedReason = e.Message;
        }
    }

    /// <summary>True when batches go through the fast path.</summary>
    public bool IsFast => fast is not null;

    /// <summary>Why batches go through the plain path (the fusion's message, naming the module); null when they are fused.</summary>
    public string? UnfusedReason { get; }

    /// <summary>Why the fast path runs NCHW instead of channels-last on this machine (<see cref="FastInferenceGraph.ChannelsLastRefused"/>);
    /// null when it runs channels-last or when batches go through the plain path.</summary>
    public string? ChannelsLastRefused => fast?.ChannelsLastRefused;

    /// <param name="rgb">[B, 3, H, W] RGB in [0, 1] at the graph's input size, on the graph's device.</param>
    public ScoredBatch Run(Tensor rgb, bool copyMaps)
    {
        using var scope = NewDisposeScope();
        long height = rgb.shape[2], width = rgb.shape[3];
        Tensor maps, rawScores;
        if (fast is not null)
        {
            (maps, rawScores) = fast.Run(rgb);
        }
        else
        {
            using var noGrad = no_grad();
            using GraphFeatures features = graph.forward(rgb);
            maps = graph.AnomalyMap(features, height, width);
            rawScores = graph.Score(maps);
        }
        // Copying to the CPU waits for the device, so a caller's clock around Run measures the real work.
        float[] scores = rawScores.cpu().data<float>().ToArray();
        Tensor range = stack([maps.min(), maps.max()]).cpu();
        float[] minMax = range.data<float>().ToArray();
        float[][]? perImage = null;
        if (copyMaps)
        {
            float[] all = maps.cpu().data<float>().ToArray();
            int pixels = (int)(height * width);
            perImage = new float[scores.Length][];
            for (int i = 0; i < scores.Length; i++) perImage[i] = all.AsSpan(i * pixels, pixels).ToArray();
        }
        return new ScoredBatch(scores, perImage, minMax[0], minMax[1]);
    }

    /// <summary>The maps <c>anomaly_map.normalize</c> applies to, before it, for one batch (<see cref="DistillGraph.MapsToNormalize"/>),
    /// through the same path as <see cref="Run"/>; tensors in the caller's dispose scope.</summary>
    public List<(string Teacher, string? Tap, Tensor Map)> MapsToNormalize(Tensor rgb)
    {
        if (fast is not null) return fast.MapsToNormalize(rgb);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using GraphFeatures features = graph.forward(rgb);
        var maps = graph.MapsToNormalize(features, rgb.shape[2], rgb.shape[3]);
        foreach (var (_, _, map) in maps) map.MoveToOuterDisposeScope();
        return maps;
    }

    public void Dispose() => fast?.Dispose();

    /// <summary>A NaN or infinite score means the model is broken (e.g. a diverged student), not the image: a clear error
    /// instead of metrics that fail later, or a NaN that no threshold would ever call anomalous.</summary>
    public static void CheckFinite(DistillGraph graph, float score, string imagePath)
    {
        if (!float.IsFinite(score))
        {
            throw new InvalidOperationException(
                $"Graph '{graph.Spec.Name}' gave image '{imagePath}' the score {score}: its anomaly map is not finite, so the model's weights are broken (a diverged training?).");
        }
    }
}
