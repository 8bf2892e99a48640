namespace DistillDsl.Metrics;

/// <summary>The best F1 score over all thresholds (score ≥ threshold = anomalous), with the threshold that reaches it.</summary>
/// <param name="Threshold">A score value; among thresholds with equal F1 the lowest, as the first maximum of scikit-learn's
/// precision–recall curve (thresholds ascending) is.</param>
public sealed record F1Max(double F1, float Threshold, double Precision, double Recall)
{
    /// <summary>The maximum F1 over the thresholds of <paramref name="counts"/>; null when there is no anomalous sample
    /// (F1 is then 0 at every threshold and says nothing).</summary>
    public static F1Max? From(ThresholdCounts counts)
    {
        if (counts.Positives == 0) return null;
        int best = 0;
        double bestF1 = -1;
        for (int i = 0; i < counts.Thresholds.Length; i++)
        {
            // F1 = 2PR / (P + R) = 2·TP / (2·TP + FP + FN), and TP + FN = all positives. Equal fractions give equal
            // doubles (division is correctly rounded), so ties are real ties; ≥ keeps the lowest threshold.
            double f1 = 2.0 * counts.TruePositives[i] / ((double)counts.TruePositives[i] + counts.FalsePositives[i] + counts.Positives);
            if (f1 >= bestF1)
            {
                bestF1 = f1;
                best = i;
            }
        }
        int tp = counts.TruePositives[best], fp = counts.FalsePositives[best];
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        return new F1Max(bestF1, counts.Thresholds[best], precision, (double)tp / counts.Positives);
    }

    /// <summary>F1-max of scores against labels (true = anomalous); null when no label is true.</summary>
    public static F1Max? Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels) => From(ThresholdCounts.FromScores(scores, labels));
}
