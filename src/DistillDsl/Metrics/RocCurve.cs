namespace DistillDsl.Metrics;

/// <summary>Points of a ROC curve from (0, 0) to (1, 1), for plotting.</summary>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates)
{
    /// <summary>The ROC curve through every distinct threshold, thinned to about <paramref name="maxPoints"/> points for large
    /// sets (a pixel set has millions of thresholds; a picture needs a few hundred): a point is kept when it is at least
    /// 1/<paramref name="maxPoints"/> away from the last kept one along either axis. Null when one class is absent.</summary>
    public static RocCurve? From(ThresholdCounts counts, int maxPoints = 1000)
    {
        if (counts.Positives == 0 || counts.Negatives == 0) return null;
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "A curve needs at least 2 points.");
        double step = 1.0 / maxPoints;
        var fprs = new List<double> { 0 };
        var tprs = new List<double> { 0 };
        for (int i = 0; i < counts.Thresholds.Length; i++)
        {
            double fpr = (double)counts.FalsePositives[i] / counts.Negatives;
            double tpr = (double)counts.TruePositives[i] / counts.Positives;
            bool last = i == counts.Thresholds.Length - 1;
            if (last || fpr - fprs[^1] >= step || tpr - tprs[^1] >= step)
            {
                fprs.Add(fpr);
                tprs.Add(tpr);
            }
        }
        return new RocCurve(fprs.ToArray(), tprs.ToArray());
    }
}
