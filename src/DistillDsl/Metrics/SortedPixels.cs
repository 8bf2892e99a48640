namespace DistillDsl.Metrics;

/// <summary>Every pixel of a test set's anomaly maps, sorted by score (one sort shared by pixel AUROC, F1-max and AUPRO),
/// each with the ground-truth defect region it lies in. Memory: 8 bytes per pixel (score and region id).</summary>
internal sealed class SortedPixels
{
    private SortedPixels(float[] scores, int[] regionIds, int[] regionSizes, long normalCount)
    {
        Scores = scores;
        RegionIds = regionIds;
        RegionSizes = regionSizes;
        NormalCount = normalCount;
    }

    /// <summary>All pixel scores, ascending.</summary>
    public float[] Scores { get; }

    /// <summary>Per sorted pixel: 0 for a normal pixel, else the 1-based id of its defect region (a connected component of
    /// one image's mask; ids run over the whole set).</summary>
    public int[] RegionIds { get; }

    /// <summary>Pixel count of each region, indexed by region id (index 0 unused).</summary>
    public int[] RegionSizes { get; }

    public int RegionCount => RegionSizes.Length - 1;

    public long NormalCount { get; }

    public long DefectCount => Scores.Length - NormalCount;

    /// <param name="maps">One anomaly map per image, H·W scores, row-major.</param>
    /// <param name="masks">One ground-truth mask per image, H·W values; above 0.5 = defect. An anomalous image whose mask
    /// has no defect pixel (real data has these) contributes normal pixels only.</param>
    public static SortedPixels Build(IReadOnlyList<float[]> maps, IReadOnlyList<float[]> masks, int width, int height)
    {
        if (maps.Count != masks.Count)
        {
            throw new ArgumentException($"Pixel metrics need one mask per anomaly map; got {maps.Count} maps and {masks.Count} masks.");
        }
        if (maps.Count == 0) throw new ArgumentException("Pixel metrics need at least one anomaly map.");
        int pixelsPerImage = width * height;
        long total = (long)maps.Count * pixelsPerImage;
        if (total > Array.MaxLength) throw new ArgumentException($"{maps.Count} maps of {width}×{height} are too many pixels ({total}) for one sort.");

        var scores = new float[total];
        var regionIds = new int[total];
        var regionSizes = new List<int> { 0 };
        long normalCount = 0;
        var defect = new bool[pixelsPerImage];
        for (int image = 0; image < maps.Count; image++)
        {
            float[] map = maps[image], mask = masks[image];
            if (map.Length != pixelsPerImage || mask.Length != pixelsPerImage)
            {
                throw new ArgumentException($"Image {image}: expected {width}×{height} = {pixelsPerImage} values; the map has {map.Length} and the mask {mask.Length}.");
            }
            for (int p = 0; p < pixelsPerImage; p++) defect[p] = mask[p] > 0.5f;
            int[] labels = ConnectedComponents.Label(defect, width, height, out int components);
            int firstRegion = regionSizes.Count; // this image's component k gets id firstRegion + k - 1
            for (int k = 0; k < components; k++) regionSizes.Add(0);

            long offset = (long)image * pixelsPerImage;
            for (int p = 0; p < pixelsPerImage; p++)
            {
                float score = map[p];
                if (!float.IsFinite(score)) throw new ArgumentException($"Anomaly map {image} has a non-finite value ({score}) at pixel {p}.");
                scores[offset + p] = score;
                if (labels[p] == 0)
                {
                    normalCount++;
                }
                else
                {
                    int id = firstRegion + labels[p] - 1;
                    regionIds[offset + p] = id;
                    regionSizes[id]++;
                }
            }
        }
        Array.Sort(scores, regionIds);
        return new SortedPixels(scores, regionIds, regionSizes.ToArray(), normalCount);
    }
}
