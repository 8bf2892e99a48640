using DistillDsl.Evaluation;

namespace DistillDsl.Reports;

/// <summary>Image scores binned per defect type, on bins shared by all types so they can be compared.</summary>
/// <param name="BinEdges">Bin boundaries, ascending, one more than the bins; the last bin includes its upper edge.</param>
/// <param name="Groups">Normal types first, then anomalous types, each by name (ordinal).</param>
public sealed record ScoreHistogram(double[] BinEdges, IReadOnlyList<ScoreHistogram.Group> Groups)
{
    /// <param name="Counts">Images of this type in each bin.</param>
    public sealed record Group(string DefectType, bool IsAnomalous, int[] Counts)
    {
        public int ImageCount => Counts.Sum();
    }

    /// <summary><paramref name="bins"/> equal bins from the lowest to the highest score (one unit wide around the score when
    /// all scores are equal).</summary>
    public static ScoreHistogram Compute(IReadOnlyList<ScoredImage> images, int bins = 20)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        if (images.Count == 0) throw new ArgumentException("A score histogram needs at least one image.");
        double low = images.Min(i => i.Score), high = images.Max(i => i.Score);
        if (high == low)
        {
            low -= 0.5;
            high += 0.5;
        }
        double width = (high - low) / bins;
        double[] edges = Enumerable.Range(0, bins + 1).Select(k => k == bins ? high : low + k * width).ToArray();

        var groups = images
            .GroupBy(i => (i.DefectType, i.IsAnomalous))
            .OrderBy(g => g.Key.IsAnomalous).ThenBy(g => g.Key.DefectType, StringComparer.Ordinal)
            .Select(g =>
            {
                var counts = new int[bins];
                foreach (ScoredImage image in g) counts[Math.Clamp((int)((image.Score - low) / width), 0, bins - 1)]++;
                return new Group(g.Key.DefectType, g.Key.IsAnomalous, counts);
            })
            .ToList();
        return new ScoreHistogram(edges, groups);
    }
}
