using DistillDsl.Evaluation;
using DistillDsl.Metrics;

namespace DistillDsl.Reports;

/// <summary>Image AUROC of one defect type's images against all normal images: which defects a model finds and which it misses.</summary>
/// <param name="ImageCount">Anomalous images of this type.</param>
/// <param name="ImageAuroc">Null when the test set has no normal image.</param>
public sealed record DefectTypeAuroc(string DefectType, int ImageCount, double? ImageAuroc)
{
    /// <summary>One entry per defect type of the anomalous images, ordered by name (ordinal).</summary>
    public static IReadOnlyList<DefectTypeAuroc> Compute(IReadOnlyList<ScoredImage> images)
    {
        float[] normalScores = images.Where(i => !i.IsAnomalous).Select(i => i.Score).ToArray();
        return images.Where(i => i.IsAnomalous)
            .GroupBy(i => i.DefectType, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                float[] scores = [.. g.Select(i => i.Score), .. normalScores];
                bool[] labels = [.. g.Select(_ => true), .. normalScores.Select(_ => false)];
                return new DefectTypeAuroc(g.Key, g.Count(), RocAuc.FromCounts(ThresholdCounts.FromScores(scores, labels)));
            })
            .ToList();
    }
}
