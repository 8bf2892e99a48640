using DistillDsl.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Evaluation;

/// <summary>The raw image scores of one batch, with its maps copied to the CPU when asked for.</summary>
/// <param name="Scores">One raw score per image (<c>score.kind</c>, no test-set normalisation).</param>
/// <param name="Maps">One H·W map per image (row-major), or null when not asked for.</param>
/// <param name="MapMinimum">The lowest pixel of the batch's maps.</param>
/// <param name="MapMaximum">The highest pixel of the batch's maps.</param>
internal sealed record ScoredBatch(float[] Scores, float[][]? Maps, float MapMinimum, float MapMaximum);

/// <summary>Runs an RGB batch through a graph without gradients: features, final anomaly maps at the input size, raw scores.
/// The graph must be in eval mode (the callers set it), so each image's result depends on that image only.</summary>
internal static class GraphScoring
{
    /// <param name="rgb">[B, 3, H, W] RGB in [0, 1] on the graph's device.</param>
    public static ScoredBatch Run(DistillGraph graph, Tensor rgb, bool copyMaps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long height = rgb.shape[2], width = rgb.shape[3];
        using GraphFeatures features = graph.forward(rgb);
        Tensor maps = graph.AnomalyMap(features, height, width);
        // Copying to the CPU waits for the device, so a caller's clock around Run measures the real work.
        float[] scores = graph.Score(maps).cpu().data<float>().ToArray();
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
