namespace DistillDsl.Metrics;

/// <summary>The confusion counts of a score against binary labels at every distinct score used as the threshold
/// (score ≥ threshold = predicted anomalous), highest threshold first: what ROC, precision–recall and F1 curves are made of.
/// Built with one sort; memory is 12 bytes per distinct score.</summary>
public sealed class ThresholdCounts
{
    private ThresholdCounts(float[] thresholds, int[] truePositives, int[] falsePositives, int positives, int negatives)
    {
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>The distinct scores, in descending order.</summary>
    public float[] Thresholds { get; }

    /// <summary>How many positive (anomalous) samples score ≥ <c>Thresholds[i]</c>.</summary>
    public int[] TruePositives { get; }

    /// <summary>How many negative (normal) samples score ≥ <c>Thresholds[i]</c>.</summary>
    public int[] FalsePositives { get; }

    /// <summary>Number of positive (anomalous) samples.</summary>
    public int Positives { get; }

    /// <summary>Number of negative (normal) samples.</summary>
    public int Negatives { get; }

    /// <param name="labels">true = anomalous = positive class.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a score is NaN or infinite.</exception>
    public static ThresholdCounts FromScores(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"Threshold counts need one label per score; got {scores.Length} scores and {labels.Length} labels.");
        }
        float[] keys = scores.ToArray();
        for (int i = 0; i < keys.Length; i++)
        {
            if (!float.IsFinite(keys[i])) throw new ArgumentException($"Score {i} is {keys[i]}; scores must be finite numbers.");
        }
        bool[] sortedLabels = labels.ToArray();
        Array.Sort(keys, sortedLabels);
        return FromSortedAscending(keys, sortedLabels);
    }

    /// <summary>Counts from scores already sorted in ascending order, each with its label.</summary>
    internal static ThresholdCounts FromSortedAscending(ReadOnlySpan<float> sortedScores, ReadOnlySpan<bool> labels)
    {
        int distinct = sortedScores.IsEmpty ? 0 : 1;
        for (int i = 1; i < sortedScores.Length; i++)
        {
            if (sortedScores[i] != sortedScores[i - 1]) distinct++;
        }

        var thresholds = new float[distinct];
        var truePositives = new int[distinct];
        var falsePositives = new int[distinct];
        int tp = 0, fp = 0, group = 0;
        // Walk from the highest score down; a threshold's counts are complete at the last sample of its tie group.
        for (int i = sortedScores.Length - 1; i >= 0; i--)
        {
            if (labels[i]) tp++;
            else fp++;
            if (i == 0 || sortedScores[i - 1] != sortedScores[i])
            {
                thresholds[group] = sortedScores[i];
                truePositives[group] = tp;
                falsePositives[group] = fp;
                group++;
            }
        }
        return new ThresholdCounts(thresholds, truePositives, falsePositives, tp, fp);
    }
}
