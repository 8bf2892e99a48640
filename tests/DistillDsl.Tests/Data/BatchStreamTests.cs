using DistillDsl.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Data;

public class BatchStreamTests
{
    private static readonly ImagePreprocessing Preprocessing = new(16, NormalizationParameters.ImageNet);

    /// <summary>Good images of different sizes and channel counts; every third one anomalous with a mask.</summary>
    private static List<DatasetSample> Samples(TempFolder temp, int count)
    {
        var samples = new List<DatasetSample>();
        for (int i = 0; i < count; i++)
        {
            int width = 20 + 3 * i, height = 24 + i;
            string image = TestImages.Png(temp.File($"images/{i:D2}.png"), width, height, 1 + i % 4);
            bool anomalous = i % 3 == 2;
            string? mask = anomalous ? TestImages.Mask(temp.File($"masks/{i:D2}_mask.png"), width, height, (x, _) => x < width / 2) : null;
            samples.Add(new DatasetSample(image, mask, anomalous, anomalous ? "scratch" : "good"));
        }
        return samples;
    }

    [Fact]
    public void Batches_have_the_requested_size_shapes_and_sample_order()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 7);
        var stream = new BatchStream(samples, Preprocessing, batchSize: 3);

        var seen = new List<DatasetSample>();
        var sizes = new List<int>();
        foreach (Batch batch in stream)
        {
            using (batch)
            {
                sizes.Add(batch.Count);
                Assert.Equal(new long[] { batch.Count, 3, 16, 16 }, batch.Images.shape);
                Assert.Equal(new long[] { batch.Count, 1, 16, 16 }, batch.Masks.shape);
                Assert.Equal(DeviceType.CPU, batch.Images.device_type);
                for (int i = 0; i < batch.Count; i++)
                {
                    float maskSum = batch.Masks[i].sum().item<float>();
                    Assert.Equal(batch.Samples[i].IsAnomalous, maskSum > 0);
                }
                seen.AddRange(batch.Samples);
            }
        }
        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(3, stream.BatchCount);
        Assert.Equal(samples, seen);
    }

    [Fact]
    public void Batch_images_are_the_preprocessed_normalised_images()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 2);
        using Batch batch = new BatchStream(samples, Preprocessing, batchSize: 2).First();
        using Tensor expected = Preprocessing.LoadImage(samples[1].ImagePath);

        Assert.True(batch.Images[1].allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Shuffling_is_reproducible_per_seed_and_epoch_and_visits_every_sample_once()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 9);

        List<DatasetSample> Order(int seed, int epoch, bool prefetch = true)
        {
            var order = new List<DatasetSample>();
            foreach (Batch batch in new BatchStream(samples, Preprocessing, 4, shuffleSeed: seed, prefetch: prefetch).Epoch(epoch))
            {
                using (batch) order.AddRange(batch.Samples);
            }
            return order;
        }

        List<DatasetSample> first = Order(seed: 1, epoch: 0);
        Assert.Equal(samples.OrderBy(s => s.ImagePath), first.OrderBy(s => s.ImagePath));
        Assert.NotEqual(samples, first);
        Assert.Equal(first, Order(seed: 1, epoch: 0, prefetch: false));
        Assert.NotEqual(first, Order(seed: 1, epoch: 1));
        Assert.NotEqual(first, Order(seed: 2, epoch: 0));
    }

    [Fact]
    public void Files_are_read_only_when_their_batch_is_built()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 4);
        string missing = Path.Combine(temp.Path, "images", "gone.png");
        samples.Add(new DatasetSample(missing, null, false, "good"));

        var stream = new BatchStream(samples, Preprocessing, batchSize: 2); // no file is touched here
        using IEnumerator<Batch> batches = stream.GetEnumerator();
        Assert.True(batches.MoveNext());
        batches.Current.Dispose();
        Assert.True(batches.MoveNext());
        batches.Current.Dispose();

        var error = Assert.Throws<DatasetException>(() => batches.MoveNext());
        Assert.Equal(missing, error.Path);
    }

    [Fact]
    public void Stopping_early_does_not_surface_an_error_in_a_batch_never_asked_for()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 2);
        samples.Add(new DatasetSample(Path.Combine(temp.Path, "gone.png"), null, false, "good"));

        using Batch first = new BatchStream(samples, Preprocessing, batchSize: 2).First();
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public void Skip_and_report_leaves_out_bad_samples_keeps_batches_full_and_tells_why()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 4);
        string truncated = TestImages.Jpeg(temp.File("images/cut.jpg"), 32, 32, 3);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..200]);
        string image = TestImages.Png(temp.File("images/mismatch.png"), 20, 20, 3);
        string wrongMask = TestImages.Mask(temp.File("masks/mismatch_mask.png"), 10, 10, (_, _) => true);
        samples.Insert(1, new DatasetSample(truncated, null, false, "good"));
        samples.Insert(4, new DatasetSample(image, wrongMask, true, "scratch"));

        var reported = new List<SampleProblem>();
        var stream = new BatchStream(samples, Preprocessing, batchSize: 2, badSamples: BadSamplePolicy.SkipAndReport, onProblem: reported.Add);
        var batches = new List<IReadOnlyList<DatasetSample>>();
        foreach (Batch batch in stream)
        {
            using (batch) batches.Add(batch.Samples);
        }

        Assert.Equal([2, 2], batches.Select(b => b.Count));
        Assert.DoesNotContain(batches.SelectMany(b => b), s => s.ImagePath == truncated || s.ImagePath == image);
        Assert.Equal([truncated, wrongMask], reported.Select(p => p.Path));
        Assert.Contains("truncated JPEG", reported[0].Reason);
        Assert.Contains("10×10", reported[1].Reason);
        Assert.Equal(reported, stream.Problems);
    }

    [Fact]
    public void Stop_policy_throws_the_first_bad_sample()
    {
        using var temp = new TempFolder();
        List<DatasetSample> samples = Samples(temp, 3);
        string text = temp.File("images/notes.png");
        File.WriteAllText(text, "not an image");
        samples.Insert(1, new DatasetSample(text, null, false, "good"));

        var error = Assert.Throws<DatasetException>(() =>
        {
            foreach (Batch batch in new BatchStream(samples, Preprocessing, batchSize: 4)) batch.Dispose();
        });
        Assert.Equal(text, error.Path);
        Assert.Contains("not a PNG, JPEG or BMP", error.Reason);
    }
}
