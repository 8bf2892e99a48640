using System.Globalization;
using DistillDsl.Evaluation;
using DistillDsl.Spec.Model;

namespace DistillDsl.Reports;

/// <summary>How the image scores of a report were made from the anomaly maps.</summary>
/// <param name="TopK">k of <see cref="ScoreKind.TopKMean"/>; null for other kinds.</param>
/// <param name="MapWidth">Width of the maps the metrics used (the graph's input size).</param>
/// <param name="MapHeight">Height of those maps.</param>
/// <param name="MapMinimum">The lowest pixel of all test maps (the range <see cref="ScoreNormalization.TestSetMinMax"/> uses).</param>
/// <param name="MapMaximum">The highest pixel of all test maps.</param>
public sealed record ScoringInfo(ScoreKind Kind, int? TopK, ScoreNormalization Normalization, int MapWidth, int MapHeight, float MapMinimum, float MapMaximum)
{
    /// <summary>One line for people, e.g. "maximum of each 64×64 map, after min-max normalisation of all maps over the test set (pixel range 0.01 to 0.93)".</summary>
    public string Description
    {
        get
        {
            string kind = Kind switch
            {
                ScoreKind.Max => "maximum",
                ScoreKind.Sum => "sum (Eq. 12)",
                ScoreKind.TopKMean => string.Create(CultureInfo.InvariantCulture, $"mean of the {TopK} largest pixels"),
                _ => Kind.ToString(),
            };
            string map = string.Create(CultureInfo.InvariantCulture, $"{kind} of each {MapWidth}×{MapHeight} anomaly map");
            return Normalization == ScoreNormalization.TestSetMinMax
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{map}, after min-max normalisation of all maps over the test set (pixel range {MapMinimum} to {MapMaximum})")
                : map + ", raw (no normalisation)";
        }
    }

    /// <summary>A raw score (e.g. a threshold for new images) on this report's score scale.</summary>
    public float ToReportedScale(float rawScore) => Normalization == ScoreNormalization.TestSetMinMax
        ? TestSetMinMax.Normalize(rawScore, Kind, MapMinimum, MapMaximum, (long)MapWidth * MapHeight)
        : rawScore;
}
