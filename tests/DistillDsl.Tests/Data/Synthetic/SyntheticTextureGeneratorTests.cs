using DistillDsl.Data;
using DistillDsl.Data.Synthetic;

namespace DistillDsl.Tests.Data.Synthetic;

public class SyntheticTextureGeneratorTests
{
    private static readonly SyntheticDatasetOptions Small = new() { ImageSize = 64, TrainCount = 3, TestGoodCount = 2, TestCountPerDefect = 2, Seed = 17 };

    public static TheoryData<TextureFamily, DefectKind> FamiliesAndDefects()
    {
        var data = new TheoryData<TextureFamily, DefectKind>();
        foreach (TextureFamily family in Enum.GetValues<TextureFamily>())
            foreach (DefectKind defect in Enum.GetValues<DefectKind>())
                data.Add(family, defect);
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesAndDefects))]
    public void The_mask_is_exactly_the_set_of_pixels_the_defect_changed(TextureFamily family, DefectKind defect)
    {
        const int size = 128;
        SyntheticImage damaged = SyntheticTextureGenerator.Render(family, defect, size, seed: 5);
        SyntheticImage good = SyntheticTextureGenerator.Render(family, null, size, seed: 5);

        // The defect-free version is the very image rendered without a defect from the same stream.
        Assert.Equal(good.Pixels, damaged.DefectFreePixels);
        Assert.Null(good.Mask);
        byte[] mask = damaged.Mask!;
        int changed = 0, clearlyChanged = 0;
        long changeSum = 0;
        for (int i = 0; i < size * size; i++)
        {
            int difference = Enumerable.Range(0, 3).Max(c => Math.Abs(damaged.Pixels[3 * i + c] - good.Pixels[3 * i + c]));
            Assert.Equal(difference > 0 ? 255 : 0, mask[i]);
            if (difference > 0) { changed++; changeSum += difference; }
            if (difference >= 12) clearlyChanged++;
        }

        // Visible (some pixels change clearly), local (a small part of the image; shading is a large region by design),
        // and not a saturated blob.
        Assert.True(clearlyChanged >= 6, $"{family}/{defect}: only {clearlyChanged} pixels changed by 12 levels or more");
        Assert.InRange(changed, 10, defect == DefectKind.Shading ? size * size / 2 : size * size / 12);
        Assert.InRange(changeSum / (double)changed, 3, 120);
    }

    [Fact]
    public void The_same_seed_writes_byte_identical_files_and_another_seed_different_ones()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var third = new TempFolder();
        IReadOnlyList<string> categories = SyntheticTextureGenerator.WriteMvtecLayout(first.Path, Small);
        SyntheticTextureGenerator.WriteMvtecLayout(second.Path, Small);
        SyntheticTextureGenerator.WriteMvtecLayout(third.Path, Small with { Seed = 18 });

        Assert.Equal(["fabric", "grid", "wood", "leather", "tile"], categories);
        string[] files = Directory.GetFiles(first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order().ToArray();
        Assert.Equal(5 * (3 + 2 + 5 * 2 * 2), files.Length);
        Assert.Equal(files, Directory.GetFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order());
        int differentWithOtherSeed = 0;
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(first.Path, file));
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(second.Path, file)));
            if (!bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(third.Path, file)))) differentWithOtherSeed++;
        }
        Assert.Equal(files.Length, differentWithOtherSeed);
    }

    [Fact]
    public void The_written_dataset_opens_as_mvtec_and_streams()
    {
        using var temp = new TempFolder();
        SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, Small with { Families = [TextureFamily.Wood, TextureFamily.Tile] });

        Assert.Equal(["tile", "wood"], DatasetLayouts.FindCategories(temp.Path));
        DatasetIndex index = DatasetLayouts.Open(temp.Path, "wood");
        Assert.Equal(DatasetLayout.MvtecAd, index.Layout);
        Assert.Equal(3, index.Train.Count);
        Assert.Equal(2 + 5 * 2, index.Test.Count);
        Assert.Equal(["color_spot", "hole", "missing_thread", "scratch", "stain"], index.DefectTypes);
        Assert.All(index.Test.Where(s => s.IsAnomalous), s => Assert.EndsWith("_mask.png", s.MaskPath));

        int defectSamples = 0;
        foreach (Batch batch in new BatchStream(index.Test, new ImagePreprocessing(64, NormalizationParameters.ImageNet), batchSize: 6))
        {
            using (batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    bool hasDefectPixels = batch.Masks[i].sum().item<float>() > 0;
                    Assert.Equal(batch.Samples[i].IsAnomalous, hasDefectPixels);
                    if (hasDefectPixels) defectSamples++;
                }
            }
        }
        Assert.Equal(10, defectSamples);
    }

    [Fact]
    public void Images_vary_from_one_to_the_next_and_are_not_flat()
    {
        const int size = 64;
        foreach (TextureFamily family in Enum.GetValues<TextureFamily>())
        {
            byte[] a = SyntheticTextureGenerator.Render(family, null, size, seed: 1).Pixels;
            byte[] b = SyntheticTextureGenerator.Render(family, null, size, seed: 2).Pixels;
            double meanDifference = a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
            double mean = a.Average(v => (double)v);
            double std = Math.Sqrt(a.Average(v => (v - mean) * (v - mean)));
            Assert.True(meanDifference > 5, $"{family}: images of two seeds differ by only {meanDifference:F1} levels on average");
            Assert.True(std > 8, $"{family}: the texture is nearly flat (std {std:F1})");
        }
    }

    [Fact]
    public void An_existing_category_is_kept_unless_overwriting_is_allowed()
    {
        using var temp = new TempFolder();
        SyntheticDatasetOptions options = Small with { Families = [TextureFamily.Grid] };
        SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, options);
        string stale = temp.File("grid/train/good/999.png");
        File.WriteAllText(stale, "stale");

        var error = Assert.Throws<DatasetException>(() => SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, options));
        Assert.Equal(Path.Combine(temp.Path, "grid"), error.Path);
        Assert.True(File.Exists(stale));

        SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, options with { Overwrite = true });
        Assert.False(File.Exists(stale));
        Assert.Equal(3, DatasetLayouts.OpenMvtec(temp.Path, "grid").Train.Count);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, Small with { ImageSize = 16 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, Small with { TrainCount = 0 }));
        Assert.Throws<ArgumentException>(() => SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, Small with { Families = [] }));
        Assert.Throws<ArgumentException>(() => SyntheticTextureGenerator.WriteMvtecLayout(temp.Path, Small with { Defects = [DefectKind.Hole, DefectKind.Hole] }));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
