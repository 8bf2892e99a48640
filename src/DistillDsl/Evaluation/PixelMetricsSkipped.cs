using System.Globalization;
using DistillDsl.Data;

namespace DistillDsl.Evaluation;

/// <summary>Decides whether a test set can have pixel metrics: only when every anomalous image has a mask. Otherwise the
/// reason, naming the defect types without masks, goes into the result, report.json and summary.md.</summary>
internal static class PixelMetricsSkipped
{
    /// <summary>Null when pixel metrics can be computed; otherwise why not.</summary>
    public static string? Reason(IReadOnlyList<DatasetSample> samples)
    {
        List<DatasetSample> anomalous = samples.Where(s => s.IsAnomalous).ToList();
        List<DatasetSample> unmasked = anomalous.Where(s => s.MaskPath is null).ToList();
        if (samples.All(s => s.MaskPath is null))
        {
            return "the test set has image labels only (no ground-truth masks)";
        }
        if (unmasked.Count == 0) return null;
        string types = string.Join(", ", unmasked.Select(s => s.DefectType).Distinct(StringComparer.Ordinal));
        return string.Create(CultureInfo.InvariantCulture,
            $"{unmasked.Count} of {anomalous.Count} anomalous test images have no mask (defect types without masks: {types}); pixel metrics need a mask for every anomalous image");
    }
}
