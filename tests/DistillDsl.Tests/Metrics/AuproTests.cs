using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class AuproTests
{
    // One 4×4 image. Defects: (0,0) and (1,1), touching at a corner, and (3,3) — row-major (x, y).
    // Scores: (0,0) 0.9, (3,3) 0.8, (1,1) 0.5; two normal pixels 0.7 and 0.6; the other 11 normal pixels 0.1.
    private static (float[] Map, float[] Mask) HandExample()
    {
        var map = Enumerable.Repeat(0.1f, 16).ToArray();
        var mask = new float[16];
        foreach (int p in new[] { 0, 5, 15 }) mask[p] = 1f;
        map[0] = 0.9f;
        map[15] = 0.8f;
        map[5] = 0.5f;
        map[2] = 0.7f;
        map[8] = 0.6f;
        return (map, mask);
    }

    [Fact]
    public void Hand_computed_example_with_8_connectivity()
    {
        // Regions (8-connectivity): A = {(0,0), (1,1)} (size 2), B = {(3,3)} (size 1); 13 normal pixels.
        // Threshold → (FPR, PRO = mean of A's and B's flagged fractions):
        //   0.9 → (0, ½·(½ + 0)) = (0, 0.25)    0.8 → (0, 0.75)    0.7 → (1/13, 0.75)    0.6 → (2/13, 0.75)
        //   0.5 → (2/13, 1)                      0.1 → (1, 1)
        // Area to 0.3 from (0, 0): 0.75·1/13 + 0.75·1/13 + 0 (vertical) + 1·(0.3 − 2/13) = 0.3 − 0.5/13.
        // Normalised by 0.3: 1 − 0.5/3.9 = 34/39 ≈ 0.8718. (With 4-connectivity it would be 1 − 20/117 ≈ 0.8291.)
        var (map, mask) = HandExample();
        Assert.Equal(34.0 / 39.0, Aupro.Compute([map], [mask], 4, 4)!.Value, 12);
    }

    [Fact]
    public void Hand_computed_example_integrated_to_other_limits()
    {
        // Limit 0.1 (inside the segment from (1/13, 0.75) to (2/13, 0.75)): area 0.75·0.1 → normalised 0.75.
        // Limit 1: 0.3 − 0.5/13 + 0.7 = 1 − 0.5/13 → normalised the same.
        var (map, mask) = HandExample();
        Assert.Equal(0.75, Aupro.Compute([map], [mask], 4, 4, fprLimit: 0.1)!.Value, 12);
        Assert.Equal(1 - 0.5 / 13, Aupro.Compute([map], [mask], 4, 4, fprLimit: 1.0)!.Value, 12);
    }

    [Fact]
    public void Interpolates_the_segment_that_crosses_the_limit()
    {
        // One 2×2 image: defect pixel 0.5, normals 0.9, 0.3, 0.3. Curve (0,0) → (1/3, 0) at 0.9 → (1/3, 1) at 0.5 → (1, 1).
        // Limit 0.2 lies on the first segment, where PRO is 0 → 0. Limit 0.5: 1·(0.5 − 1/3) = 1/6 → normalised 1/3.
        float[] map = [0.9f, 0.5f, 0.3f, 0.3f], mask = [0, 1, 0, 0];
        Assert.Equal(0.0, Aupro.Compute([map], [mask], 2, 2, fprLimit: 0.2)!.Value, 12);
        Assert.Equal(1.0 / 3.0, Aupro.Compute([map], [mask], 2, 2, fprLimit: 0.5)!.Value, 12);
    }

    [Fact]
    public void Matches_a_literal_threshold_sweep_in_python()
    {
        // metrics_reference.json from make_metrics_fixture.py: AUPRO by an explicit sweep over every distinct score with
        // scipy.ndimage.label (3×3 structure) — a different algorithm from the C# running sums. Five 20×20 maps: two good, one
        // with two defects, an anomalous one with an empty mask, one with a small defect and two corner-touching pixels.
        foreach (MetricsReference.PixelCase c in MetricsReference.PixelCases())
        {
            Assert.Equal(c.Aupro, Aupro.Compute(c.Maps, c.Masks, c.Width, c.Height)!.Value, 10);
        }
    }

    [Fact]
    public void An_anomalous_image_with_an_empty_mask_adds_normal_pixels_only()
    {
        // Appending a map whose mask is empty (an anomalous image without ground truth) adds 16 normal pixels and no region.
        // They all score 0.05, below every other pixel, so the hand example's curve keeps its points with FPRs over 13 + 16
        // = 29 normal pixels: (0, 0.25), (0, 0.75), (1/29, 0.75), (2/29, 0.75), (2/29, 1), then 13/29 > 0.3 at PRO 1.
        // Area: 0.75·2/29 + 1·(0.3 − 2/29), over 0.3.
        var (map, mask) = HandExample();
        float[] emptyMap = Enumerable.Repeat(0.05f, 16).ToArray();
        double expected = (0.75 * 2 / 29 + (0.3 - 2.0 / 29)) / 0.3;
        Assert.Equal(expected, Aupro.Compute([map, emptyMap], [mask, new float[16]], 4, 4)!.Value, 12);
    }

    [Fact]
    public void Undefined_without_defect_pixels_or_without_normal_pixels()
    {
        float[] map = [0.1f, 0.2f, 0.3f, 0.4f];
        Assert.Null(Aupro.Compute([map, map], [new float[4], new float[4]], 2, 2));
        Assert.Null(Aupro.Compute([map], [[1f, 1f, 1f, 1f]], 2, 2));
    }

    [Fact]
    public void Image_order_does_not_matter()
    {
        MetricsReference.PixelCase c = MetricsReference.PixelCases()[0];
        double forward = Aupro.Compute(c.Maps, c.Masks, c.Width, c.Height)!.Value;
        double reversed = Aupro.Compute(c.Maps.AsEnumerable().Reverse().ToList(), c.Masks.AsEnumerable().Reverse().ToList(), c.Width, c.Height)!.Value;
        Assert.Equal(forward, reversed, 12);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        float[] map = [0.1f, 0.2f, 0.3f, 0.4f];
        Assert.Contains("one mask per anomaly map", Assert.Throws<ArgumentException>(() => Aupro.Compute([map], [], 2, 2)).Message);
        Assert.Contains("Image 0: expected 2×2 = 4 values; the map has 3", Assert.Throws<ArgumentException>(() => Aupro.Compute([[1f, 2f, 3f]], [new float[4]], 2, 2)).Message);
        Assert.Contains("Anomaly map 1 has a non-finite value (NaN) at pixel 2",
            Assert.Throws<ArgumentException>(() => Aupro.Compute([map, [0f, 0f, float.NaN, 0f]], [new float[4], new float[4]], 2, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Aupro.Compute([map], [[0f, 1f, 0f, 0f]], 2, 2, fprLimit: 0));
    }
}
