namespace DistillDsl.Metrics;

/// <summary>Area under the ROC curve, computed exactly from ranks (ties get half credit), as scikit-learn's roc_auc_score does.</summary>
public static class RocAuc
{
    /// <summary>AUROC of scores against binary labels (true = anomalous = positive class).</summary>
    /// <exception cref="ArgumentException">Lengths differ, or one class is absent (AUROC is undefined then).</exception>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"AUROC needs one label per score; got {scores.Length} scores and {labels.Length} labels.");
        }

        int[] order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        float[] keys = scores.ToArray();
        Array.Sort(keys, order);

        // Mann–Whitney U: sum of the positive samples' ranks, tied scores sharing their average rank.
        long positives = 0;
        double positiveRankSum = 0;
        int start = 0;
        while (start < keys.Length)
        {
            int end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start]) end++;
            double averageRank = (start + end) / 2.0 + 1.0;
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positives++;
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }

        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"AUROC is undefined with only one class present ({positives} anomalous, {negatives} normal).");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>AUROC from threshold counts: the trapezoid area under the ROC curve through every distinct threshold, which
    /// equals the rank form above (a tie between classes is a diagonal step, worth half). Summed in integers, so exact up
    /// to the final division. Null when one class is absent (AUROC is undefined then).</summary>
    public static double? FromCounts(ThresholdCounts counts)
    {
        if (counts.Positives == 0 || counts.Negatives == 0) return null;
        long twiceArea = 0; // in units of (1 / positives) · (1 / negatives)
        int previousTp = 0, previousFp = 0;
        for (int i = 0; i < counts.Thresholds.Length; i++)
        {
            int tp = counts.TruePositives[i], fp = counts.FalsePositives[i];
            twiceArea += (long)(fp - previousFp) * ((long)tp + previousTp);
            previousTp = tp;
            previousFp = fp;
        }
        return twiceArea / (2.0 * counts.Positives * counts.Negatives);
    }
}
