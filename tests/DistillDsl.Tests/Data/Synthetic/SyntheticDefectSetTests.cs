using DistillDsl.Data;
using DistillDsl.Data.Synthetic;

namespace DistillDsl.Tests.Data.Synthetic;

public class SyntheticDefectSetTests
{
    // A one-channel photograph-like surface: a dark grey gradient with fine vertical streaks (as MTD's tiles look).
    private static byte[] Surface(int width, int height, int channels) =>
        TestImages.Pixels(width, height, channels, (x, y, _) => 60 + (x * 40 / width) + (x % 3 == 0 ? 12 : 0) + (y * 10 / height));

    public static TheoryData<DefectKind> Paintable() => [.. SyntheticDefectSet.PaintableDefects];

    [Theory]
    [MemberData(nameof(Paintable))]
    public void A_painted_defect_is_visible_and_its_mask_is_exactly_the_changed_pixels(DefectKind defect)
    {
        const int size = 96;
        byte[] rgb = Surface(size, size, 3);

        SyntheticImage painted = SyntheticDefectSet.Paint(rgb, size, defect, seed: 3);

        Assert.Equal(rgb, painted.DefectFreePixels);
        int changed = 0, clearlyChanged = 0;
        for (int i = 0; i < size * size; i++)
        {
            int difference = Enumerable.Range(0, 3).Max(c => Math.Abs(painted.Pixels[3 * i + c] - rgb[3 * i + c]));
            Assert.Equal(difference > 0 ? 255 : 0, painted.Mask![i]);
            if (difference > 0) changed++;
            if (difference >= 12) clearlyChanged++;
        }
        Assert.True(clearlyChanged >= 6, $"{defect}: only {clearlyChanged} pixels changed by 12 levels or more");
        // Local, except shading, which is a large region by design.
        Assert.InRange(changed, 10, defect == DefectKind.Shading ? size * size / 2 : size * size / 8);
        Assert.Equal(painted.Pixels, SyntheticDefectSet.Paint(rgb, size, defect, seed: 3).Pixels);
        Assert.NotEqual(painted.Pixels, SyntheticDefectSet.Paint(rgb, size, defect, seed: 4).Pixels);
    }

    [Fact]
    public void A_crack_is_a_thin_darkening_and_shading_a_large_low_contrast_one()
    {
        const int size = 128;
        byte[] rgb = Surface(size, size, 3);
        for (int seed = 0; seed < 6; seed++)
        {
            var (crackArea, crackMean, crackExtent) = Change(SyntheticDefectSet.Paint(rgb, size, DefectKind.Crack, seed), rgb, size);
            Assert.True(crackMean < 0, $"seed {seed}: a crack darkens (mean change {crackMean:F1})");
            // Thin: its pixels are few for the box they span (a line's area grows with its length, not its length squared).
            Assert.True(crackArea < 0.25 * crackExtent * crackExtent, $"seed {seed}: crack area {crackArea} in a {crackExtent}-pixel box");
            Assert.True(crackExtent >= size / 8, $"seed {seed}: crack spans only {crackExtent} pixels");

            var (shadingArea, shadingMean, _) = Change(SyntheticDefectSet.Paint(rgb, size, DefectKind.Shading, seed), rgb, size);
            Assert.True(shadingArea >= size * size / 25, $"seed {seed}: shading covers only {shadingArea} pixels");
            Assert.InRange(Math.Abs(shadingMean), 1, 25);
        }
    }

    // Pixels changed, their mean signed change of grey level, and the larger side of the box they span.
    private static (int Area, double MeanChange, int Extent) Change(SyntheticImage painted, byte[] rgb, int size)
    {
        int area = 0, x0 = size, y0 = size, x1 = -1, y1 = -1;
        long sum = 0;
        for (int i = 0; i < size * size; i++)
        {
            if (painted.Mask![i] == 0) continue;
            area++;
            sum += painted.Pixels[3 * i] + painted.Pixels[3 * i + 1] + painted.Pixels[3 * i + 2] - rgb[3 * i] - rgb[3 * i + 1] - rgb[3 * i + 2];
            (x0, y0, x1, y1) = (Math.Min(x0, i % size), Math.Min(y0, i / size), Math.Max(x1, i % size), Math.Max(y1, i / size));
        }
        return (area, sum / 3.0 / Math.Max(area, 1), Math.Max(x1 - x0, y1 - y0) + 1);
    }

    [Fact]
    public void The_missing_thread_cannot_be_painted_onto_an_image()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDefectSet.Paint(Surface(64, 64, 3), 64, DefectKind.MissingThread, seed: 0));
        Assert.Contains("only scratch, hole, stain, color_spot, crack, shading can be painted", error.Message);
    }

    [Fact]
    public void Writing_a_set_gives_each_normal_image_as_it_is_and_once_with_a_defect_in_the_MVTec_layout()
    {
        using var folder = new TempFolder();
        // Real data: one-channel JPEGs of different sizes, not square.
        var normals = new[] { (120, 90), (200, 150), (96, 160), (130, 130), (110, 100) }
            .Select((s, i) => new DatasetSample(TestImages.Jpeg(folder.File($"src/{i}.jpg"), s.Item1, s.Item2, 1, Surface(s.Item1, s.Item2, 1)), null, false, "good"))
            .ToList();
        string root = Path.Combine(folder.Path, "validation-defects");

        IReadOnlyList<DatasetSample> set = SyntheticDefectSet.Write(root, normals, size: 64, seed: 9);

        Assert.Equal(10, set.Count);
        Assert.All(set.Take(5), s => Assert.False(s.IsAnomalous));
        Assert.Equal(["scratch", "hole", "stain", "color_spot", "crack"], set.Skip(5).Select(s => s.DefectType));
        // The written files are what the MVTec AD loader reads (with an empty train/good, which it needs).
        Directory.CreateDirectory(Path.Combine(root, "train", "good"));
        TestImages.Png(Path.Combine(root, "train", "good", "000.png"), 64, 64, 3);
        DatasetIndex index = DatasetLayouts.OpenMvtec(root);
        Assert.Equal(set.Select(s => (Path.GetFullPath(s.ImagePath), s.MaskPath is null ? null : Path.GetFullPath(s.MaskPath), s.IsAnomalous)).Order(),
                     index.Test.Select(s => (Path.GetFullPath(s.ImagePath), s.MaskPath is null ? null : Path.GetFullPath(s.MaskPath), s.IsAnomalous)).Order());
        for (int i = 0; i < 5; i++)
        {
            RgbImage good = ImageFile.ReadRgb(set[i].ImagePath), damaged = ImageFile.ReadRgb(set[5 + i].ImagePath), mask = ImageFile.ReadRgb(set[5 + i].MaskPath!);
            Assert.Equal((64, 64), (good.Width, good.Height));
            int differing = 0, masked = 0;
            for (int p = 0; p < 64 * 64; p++)
            {
                bool differs = good.Pixels[3 * p] != damaged.Pixels[3 * p] || good.Pixels[3 * p + 1] != damaged.Pixels[3 * p + 1] || good.Pixels[3 * p + 2] != damaged.Pixels[3 * p + 2];
                if (differs) differing++;
                if (mask.Pixels[3 * p] == 255) masked++;
                Assert.True(!differs || mask.Pixels[3 * p] == 255, $"pixel {p} of {set[5 + i].ImagePath} changed outside its mask");
            }
            Assert.Equal(masked, differing);
            Assert.True(differing > 0);
        }
    }

    [Fact]
    public void A_set_is_not_written_over_an_existing_folder_or_from_anomalous_images()
    {
        using var folder = new TempFolder();
        var normal = new DatasetSample(TestImages.Png(folder.File("n.png"), 64, 64, 3), null, false, "good");
        string existing = folder.Folder("existing");
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "mine");

        var notEmpty = Assert.Throws<DatasetException>(() => SyntheticDefectSet.Write(existing, [normal], 64, seed: 0));
        Assert.Contains(existing, notEmpty.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(existing, "keep.txt")));

        var defect = normal with { IsAnomalous = true, DefectType = "crack" };
        var anomalous = Assert.Throws<ArgumentException>(() => SyntheticDefectSet.Write(folder.Path + "/new", [defect], 64, seed: 0));
        Assert.Contains(normal.ImagePath, anomalous.Message);
    }
}
