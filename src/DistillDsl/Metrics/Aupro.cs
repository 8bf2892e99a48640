namespace DistillDsl.Metrics;

/// <summary>Area under the per-region-overlap (PRO) curve up to a false-positive-rate limit, normalised by that limit: the
/// MVTec AD definition (Bergmann et al., IJCV 2021, and its evaluation code).
/// <list type="bullet">
/// <item>Regions are the connected components (8-connectivity) of each image's ground-truth mask.</item>
/// <item>At a threshold t (score ≥ t = anomalous), PRO is the mean over all regions of the set of the fraction of the region
/// flagged, and FPR is the fraction of all normal pixels (every pixel outside a region, in every image) flagged.</item>
/// <item>The curve runs from (0, 0) through every distinct score as threshold; it is integrated with the trapezoid rule up
/// to the limit, the last segment cut at the limit by linear interpolation, and divided by the limit.</item>
/// </list></summary>
public static class Aupro
{
    /// <summary>The MVTec AD limit: integrate up to 30 % false positives.</summary>
    public const double DefaultFprLimit = 0.3;

    /// <summary>AUPRO of a test set; null when no mask has a defect pixel or no pixel is normal (undefined then).</summary>
    /// <param name="maps">One anomaly map per image (H·W scores, row-major), all the same size.</param>
    /// <param name="masks">One ground-truth mask per image (H·W values; above 0.5 = defect).</param>
    public static double? Compute(IReadOnlyList<float[]> maps, IReadOnlyList<float[]> masks, int width, int height, double fprLimit = DefaultFprLimit) =>
        From(SortedPixels.Build(maps, masks, width, height), fprLimit);

    internal static double? From(SortedPixels pixels, double fprLimit)
    {
        if (!(fprLimit > 0 && fprLimit <= 1)) throw new ArgumentOutOfRangeException(nameof(fprLimit), fprLimit, "The FPR limit must be in (0, 1].");
        if (pixels.RegionCount == 0 || pixels.NormalCount == 0) return null;

        float[] scores = pixels.Scores;
        int[] regionIds = pixels.RegionIds;
        int[] regionSizes = pixels.RegionSizes;
        long falsePositives = 0;
        double overlapSum = 0; // Σ over flagged defect pixels of 1 / (size of their region) = Σ over regions of the overlap
        double previousFpr = 0, previousPro = 0, area = 0;
        // Lower the threshold one distinct score at a time, from the highest; a point is complete at the end of its tie group.
        for (int i = scores.Length - 1; i >= 0; i--)
        {
            int region = regionIds[i];
            if (region == 0) falsePositives++;
            else overlapSum += 1.0 / regionSizes[region];
            if (i > 0 && scores[i - 1] == scores[i]) continue;

            double fpr = Math.Min((double)falsePositives / pixels.NormalCount, 1.0);
            double pro = Math.Min(overlapSum / pixels.RegionCount, 1.0);
            if (fpr > fprLimit)
            {
                double proAtLimit = previousPro + (pro - previousPro) * (fprLimit - previousFpr) / (fpr - previousFpr);
                area += (fprLimit - previousFpr) * (proAtLimit + previousPro) / 2;
                return area / fprLimit;
            }
            area += (fpr - previousFpr) * (pro + previousPro) / 2;
            previousFpr = fpr;
            previousPro = pro;
        }
        return area / fprLimit; // the limit is 1: the curve ended exactly there
    }
}
