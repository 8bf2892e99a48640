using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Scoring;
using DistillDsl.Training.Cache;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>What the end of a run measures with the best students on the normal validation images, through the path that
/// evaluation and inference score with (<see cref="GraphScoring"/>), so the threshold is taken from the same numbers it is
/// later compared with: the map normalisation (<c>anomaly_map.normalize: validation_quantiles</c>) first, then the total
/// validation loss and the raw image scores that the threshold is the quantile of.</summary>
internal static class ValidationCalibration
{
    /// <summary>Measures and sets <see cref="DistillGraph.MapNormalization"/> when the config normalises maps, then scores.</summary>
    /// <returns>The best students' total validation loss, and the threshold (null when a score is not finite).</returns>
    public static (double Loss, AnomalyThreshold? Threshold) Run(DistillGraph graph, TrainingForward forward, TrainingImages images, double thresholdQuantile)
    {
        graph.eval();
        using var noGrad = no_grad();
        // Before the scores: the threshold is taken on normalised maps, as new images are scored.
        if (graph.Spec.AnomalyMap.Normalization.IsEnabled) graph.MapNormalization = MeasureMapNormalization(graph, images);
        var (loss, scores) = Score(graph, forward, images);
        return (loss, scores.All(float.IsFinite) ? AnomalyThreshold.FromQuantile(scores, thresholdQuantile) : null);
    }

    private static MapNormalization MeasureMapNormalization(DistillGraph graph, TrainingImages images)
    {
        using var scoring = new GraphScoring(graph);
        var collector = new MapQuantileCollector(graph.Spec);
        foreach (TrainingBatch data in images.ValidationPass())
        {
            using (data)
            {
                using var scope = NewDisposeScope();
                collector.Add(scoring.MapsToNormalize(data.Images));
            }
        }
        return collector.Result();
    }

    private static (double Loss, float[] Scores) Score(DistillGraph graph, TrainingForward forward, TrainingImages images)
    {
        using var scoring = new GraphScoring(graph);
        var scores = new List<float>(images.Validation.Count);
        double lossSum = 0;
        foreach (TrainingBatch data in images.ValidationPass())
        {
            using (data)
            {
                using var scope = NewDisposeScope();
                using (GraphFeatures features = forward.Features(data.Images, data.TeacherTaps)) lossSum += EpochPasses.Losses(graph, features).Total * data.Count;
                scores.AddRange(scoring.Run(data.Images, copyMaps: false).Scores);
            }
        }
        return (lossSum / scores.Count, scores.ToArray());
    }
}
