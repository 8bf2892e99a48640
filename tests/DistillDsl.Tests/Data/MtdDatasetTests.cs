using DistillDsl.Data;

namespace DistillDsl.Tests.Data;

/// <summary>The real MTD dataset (grayscale JPEGs of varying size, PNG masks) in MVTec AD layout, counts from its
/// README. It is not in the repository: the path is DISTILLDSL_MTD, else ../shared/data/mtd beside the repository; absent → skipped
/// with the reason printed.</summary>
public class MtdDatasetTests
{
    private static readonly string MtdPath = RepositoryPaths.Mtd;

    private static void SkipWithoutMtd() =>
        Skip.IfNot(Directory.Exists(MtdPath), $"MTD dataset not found at '{MtdPath}' (set DISTILLDSL_MTD to its folder to run this test).");

    [SkippableFact]
    public void Indexes_mtd_with_the_counts_of_its_readme()
    {
        SkipWithoutMtd();

        DatasetIndex index = DatasetLayouts.Open(MtdPath);

        Assert.Equal(DatasetLayout.MvtecAd, index.Layout);
        Assert.Equal(762, index.Train.Count);
        Assert.Equal(190, index.Test.Count(s => !s.IsAnomalous));
        var perDefect = index.Test.Where(s => s.IsAnomalous).GroupBy(s => s.DefectType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["blowhole"] = 115, ["break"] = 85, ["crack"] = 57, ["fray"] = 32, ["uneven"] = 103 }, perDefect);
        Assert.All(index.Test.Where(s => s.IsAnomalous), s => Assert.True(File.Exists(s.MaskPath)));
    }

    [SkippableFact]
    public void Streams_every_mtd_test_image_with_a_matching_mask()
    {
        SkipWithoutMtd();
        DatasetIndex index = DatasetLayouts.Open(MtdPath);
        var preprocessing = new ImagePreprocessing(64, NormalizationParameters.ImageNet);

        int images = 0, anomalousWithDefectPixels = 0;
        foreach (Batch batch in new BatchStream(index.Test, preprocessing, batchSize: 32))
        {
            using (batch)
            {
                Assert.Equal(new long[] { batch.Count, 3, 64, 64 }, batch.Images.shape);
                for (int i = 0; i < batch.Count; i++)
                {
                    float defectPixels = batch.Masks[i].sum().item<float>();
                    if (!batch.Samples[i].IsAnomalous) Assert.Equal(0f, defectPixels);
                    else if (defectPixels > 0) anomalousWithDefectPixels++;
                }
                images += batch.Count;
            }
        }
        Assert.Equal(index.Test.Count, images);
        // Not all: four MTD "uneven" masks are empty in the dataset itself, and a defect a pixel or two wide can fall
        // between the samples of a 64² nearest resize (measured: 386 of 392).
        int anomalous = index.Test.Count(s => s.IsAnomalous);
        Assert.InRange(anomalousWithDefectPixels, anomalous * 95 / 100, anomalous);
    }

    [SkippableFact]
    public void Grayscale_jpegs_of_varying_size_load_as_three_equal_channels()
    {
        SkipWithoutMtd();
        DatasetIndex index = DatasetLayouts.Open(MtdPath);
        var preprocessing = new ImagePreprocessing(128, NormalizationParameters.ImageNet);

        var sizes = new HashSet<(int, int)>();
        foreach (DatasetSample sample in index.Train.Take(40))
        {
            RgbImage decoded = ImageFile.ReadRgb(sample.ImagePath);
            sizes.Add((decoded.Width, decoded.Height));
            using TorchSharp.torch.Tensor rgb = preprocessing.LoadRgb(sample.ImagePath);
            Assert.True(rgb[0].allclose(rgb[1], 0, 0) && rgb[1].allclose(rgb[2], 0, 0), $"{sample.ImagePath}: gray should give equal channels");
        }
        Assert.True(sizes.Count > 1, "MTD images should have varying sizes");
    }
}
