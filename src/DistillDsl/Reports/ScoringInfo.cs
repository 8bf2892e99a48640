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
/// <param name="MapNormalization">How each tap's or teacher's map was normalised before the maps were combined
/// (<c>anomaly_map.normalize</c>), in words; null when they were not.</param>
public sealed record ScoringInfo(ScoreKind Kind, int? TopK, ScoreNormalization Normalization, int MapWidth, int MapHeight, float MapMinimum, float MapMaximum,
                                 string? MapNormalization = null)
{
    /// <summary>The words of <see cref="MapNormalization"/> for a config's <c>anomaly_map.normalize</c>; null for none.</summary>
    public static string? Describe(MapNormalizationSpec normalization) => normalization.IsEnabled
        ? string.Create(CultureInfo.InvariantCulture,
            $"each {(normalization.Level == MapNormalizationLevel.Tap ? "tap's" : "teacher's")} map as 0.1 · (m − a) / (b − a), a and b its q {normalization.QuantileA} and q {normalization.QuantileB} quantiles over the normal validation images")
        : null;

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
            string combined = MapNormalization is null ? map : $"{map}, combined from {MapNormalization}";
            return Normalization == ScoreNormalization.TestSetMinMax
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{combined}, after min-max normalisation of all maps over the test set (pixel range {MapMinimum} to {MapMaximum})")
                : MapNormalization is null ? map + ", raw (no normalisation)" : combined;
        }
    }

    /// <summary>A raw score (e.g. a threshold for new images) on this report's score scale.</summary>
    public float ToReportedScale(float rawScore) => Normalization == ScoreNormalization.TestSetMinMax
        ? TestSetMinMax.Normalize(rawScore, Kind, MapMinimum, MapMaximum, (long)MapWidth * MapHeight)
        : rawScore;
}
