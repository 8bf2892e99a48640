using System.Globalization;

namespace DistillDsl.Metrics;

/// <summary>How an <see cref="AnomalyThreshold"/> was chosen from normal validation scores.</summary>
public enum ThresholdMethod
{
    /// <summary>A quantile of the normal scores (linear interpolation between order statistics, numpy's default).</summary>
    Quantile,

    /// <summary>The highest normal score plus a margin, a fraction of the normal scores' range (max − min), so it does not
    /// depend on the score's scale.</summary>
    MaximumPlusMargin,
}

/// <summary>The score above which a new, unlabelled image is called anomalous (score ≥ value), with how it was chosen; stored
/// with a model and stated in every inference output.</summary>
/// <param name="Parameter">The quantile (for <see cref="ThresholdMethod.Quantile"/>) or the margin fraction.</param>
/// <param name="NormalScoreCount">How many normal validation scores it was taken from.</param>
public sealed record AnomalyThreshold(float Value, ThresholdMethod Method, double Parameter, int NormalScoreCount, float NormalMinimum, float NormalMaximum)
{
    /// <summary>One line for people, e.g. "0.99 quantile of 52 normal validation scores (range 0.12 to 0.57)".</summary>
    public string Description => Method switch
    {
        ThresholdMethod.Quantile => string.Create(CultureInfo.InvariantCulture,
            $"{Parameter} quantile of {NormalScoreCount} normal validation scores (range {NormalMinimum} to {NormalMaximum})"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"maximum of {NormalScoreCount} normal validation scores ({NormalMaximum}) plus {Parameter} × their range ({NormalMaximum - NormalMinimum})"),
    };

    /// <summary>The <paramref name="quantile"/> of the normal scores, e.g. 0.99: about 1 % of normal images are flagged.
    /// Linear interpolation: position q·(n − 1) in the sorted scores (numpy.quantile's default), so 1.0 gives the maximum.</summary>
    public static AnomalyThreshold FromQuantile(ReadOnlySpan<float> normalScores, double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile must be in [0, 1].");
        float[] sorted = SortedFinite(normalScores);
        double position = quantile * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double value = sorted[below] + (position - below) * ((double)sorted[above] - sorted[below]);
        return new AnomalyThreshold((float)value, ThresholdMethod.Quantile, quantile, sorted.Length, sorted[0], sorted[^1]);
    }

    /// <summary>The highest normal score plus <paramref name="margin"/> × (max − min) of the normal scores: no normal
    /// validation image is flagged, with room for normal variation beyond what validation saw.</summary>
    public static AnomalyThreshold FromMaximumPlusMargin(ReadOnlySpan<float> normalScores, double margin)
    {
        if (!(margin >= 0 && double.IsFinite(margin))) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be a finite fraction ≥ 0.");
        float[] sorted = SortedFinite(normalScores);
        double value = sorted[^1] + margin * ((double)sorted[^1] - sorted[0]);
        return new AnomalyThreshold((float)value, ThresholdMethod.MaximumPlusMargin, margin, sorted.Length, sorted[0], sorted[^1]);
    }

    /// <summary>Whether a score is at or above the threshold.</summary>
    public bool IsAnomalous(float score) => score >= Value;

    private static float[] SortedFinite(ReadOnlySpan<float> normalScores)
    {
        if (normalScores.IsEmpty) throw new ArgumentException("A threshold needs at least one normal validation score.");
        float[] sorted = normalScores.ToArray();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (!float.IsFinite(sorted[i])) throw new ArgumentException($"Normal validation score {i} is {sorted[i]}; scores must be finite numbers.");
        }
        Array.Sort(sorted);
        return sorted;
    }
}
