using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Tests.Data;
using DistillDsl.Training;
using DistillDsl.Training.Cache;

namespace DistillDsl.Tests.Training;

/// <summary>One unreadable image among the training images (<see cref="TrainingOptions.BadImages"/>): Stop names it before
/// any epoch work and deletes nothing; SkipAndReport trains on the rest and lists it, and the cached and uncached runs agree,
/// also across a resume, with a file cache that remembers what it left out and is rebuilt once the image is repaired.</summary>
[Collection(SerialTrainingCollection.Name)]
public class BadTrainingImageTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Stop_throws_naming_the_image_before_any_epoch_and_run_json_says_failed(bool cache)
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)));
        var (images, broken, truncated) = WithBadImages(run);
        string output = run.Output();
        var epochs = new List<int>();

        using DistillGraph graph = TinyTraining.Graph(config);
        var error = Assert.Throws<DatasetException>(() => new DistillTrainer(graph, Options(output) with { Cache = cache })
            .Train(images, epochCompleted: e => epochs.Add(e.Epoch)));

        // The first bad one the run meets (training images first, in sample order), with its reason.
        Assert.Contains(error.Path, new[] { broken, truncated });
        Assert.Contains(error.Path == broken ? "not a PNG, JPEG or BMP file" : "truncated JPEG", error.Reason);
        Assert.Contains(error.Path, error.Message);
        Assert.Empty(epochs);
        Assert.False(File.Exists(Path.Combine(output, DistillTrainer.LastCheckpointName)));
        RunStatus status = RunStatus.Read(output)!;
        Assert.Equal(RunStatus.FailedState, status.State);
        Assert.Contains(error.Path, status.Message);
    }

    [Fact]
    public void Skip_trains_on_the_rest_lists_the_images_and_the_cached_and_uncached_runs_agree()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 3)));
        var (images, broken, truncated) = WithBadImages(run);

        var (cached, cachedStudents, cachedReported) = Train(run, config, images, "cached", o => o);
        var (uncached, uncachedStudents, uncachedReported) = Train(run, config, images, "uncached", o => o with { Cache = false });
        var (files, fileStudents, _) = Train(run, config, images, "files", o => o with { CacheMemoryBytes = 0 });

        foreach (TrainingResult result in new[] { cached, uncached, files })
        {
            Assert.Equal(TrainingStop.Completed, result.Stop);
            Assert.Equal(2, result.SkippedCount);
            Assert.Equal([broken, truncated], result.SkippedImages.Select(s => s.ImagePath).Order(StringComparer.Ordinal));
            Assert.All(result.SkippedImages, s => Assert.Equal(s.ImagePath, s.FileAtFault));
            Assert.Contains("not a PNG, JPEG or BMP file", result.SkippedImages.Single(s => s.ImagePath == broken).Reason);
            Assert.Contains("truncated JPEG", result.SkippedImages.Single(s => s.ImagePath == truncated).Reason);
            Assert.NotNull(result.Threshold);
        }
        Assert.Equal(cached.SkippedImages, cachedReported);
        Assert.Equal(uncached.SkippedImages, uncachedReported);
        Assert.Equal(Losses(uncached), Losses(cached));
        Assert.Equal(Losses(cached), Losses(files));
        Assert.True(TinyTraining.Identical(uncachedStudents, cachedStudents), "the cached and uncached students differ");
        Assert.True(TinyTraining.Identical(cachedStudents, fileStudents), "the memory and file caches' students differ");
        Assert.Equal(uncached.Threshold, cached.Threshold);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_resumed_skip_run_leaves_out_the_same_images_and_ends_like_an_uninterrupted_one(bool fileCache)
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 4)));
        var (images, broken, truncated) = WithBadImages(run);
        Func<TrainingOptions, TrainingOptions> adjust = o => fileCache ? o with { CacheMemoryBytes = 0 } : o with { Cache = false };
        var (uninterrupted, uninterruptedStudents, _) = Train(run, config, images, "uninterrupted", adjust);

        var options = adjust(Options(run.Output("resumed")) with { BadImages = BadSamplePolicy.SkipAndReport });
        Cancel(config, images, options, atEpoch: 3);
        if (fileCache)
        {
            var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TrainingImages.CacheFolder(options.OutputDirectory), "train", CacheManifest.FileName)));
            Assert.Contains(manifest.RootElement.GetProperty("skipped").EnumerateArray(), e => e.GetProperty("image").GetString() is string p && (p == broken || p == truncated));
        }
        var notices = new List<string>();
        using DistillGraph graph = TinyTraining.Graph(config);
        TrainingResult resumed = new DistillTrainer(graph, options with { Resume = true }).Train(images, notice: notices.Add);

        if (fileCache) Assert.Contains(notices, n => n.Contains("Cached the train set") && n.Contains("(reused)"));
        Assert.Equal(Losses(uninterrupted), Losses(resumed));
        Assert.True(TinyTraining.Identical(uninterruptedStudents, TinyTraining.StudentState(graph)), "the best students differ");
        Assert.Equal(uninterrupted.Threshold, resumed.Threshold);
        Assert.Equal(uninterrupted.SkippedImages, resumed.SkippedImages);
    }

    [Fact]
    public void A_resume_after_the_image_is_repaired_rebuilds_the_cache_with_it_and_a_resume_under_stop_names_it()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 3)));
        var (images, broken, truncated) = WithBadImages(run);
        var options = Options(run.Output()) with { BadImages = BadSamplePolicy.SkipAndReport, CacheMemoryBytes = 0 };
        Cancel(config, images, options, atEpoch: 2);

        // Still broken, but the run now asks to stop on bad images: the stored cache's left-out image is named, not trained around.
        using (DistillGraph graph = TinyTraining.Graph(config))
        {
            var error = Assert.Throws<DatasetException>(() => new DistillTrainer(graph, options with { Resume = true, BadImages = BadSamplePolicy.Stop }).Train(images));
            Assert.Contains(error.Path, new[] { broken, truncated });
        }
        Assert.True(File.Exists(options.OutputDirectory + "/" + DistillTrainer.LastCheckpointName), "a failed resume lost last.ckpt");

        TestImages.Png(broken, TinyTraining.Side, TinyTraining.Side, 3, TestImages.Gradient(TinyTraining.Side, TinyTraining.Side, 3));
        TestImages.Jpeg(truncated, TinyTraining.Side, TinyTraining.Side, 3, TestImages.Gradient(TinyTraining.Side, TinyTraining.Side, 3));
        var notices = new List<string>();
        using DistillGraph repaired = TinyTraining.Graph(config);
        TrainingResult resumed = new DistillTrainer(repaired, options with { Resume = true }).Train(images, notice: notices.Add);

        Assert.Equal(TrainingStop.Completed, resumed.Stop);
        Assert.Empty(resumed.SkippedImages);
        Assert.Contains(notices, n => n.Contains("is rebuilt") && n.Contains(Path.Combine("cache", "train")));
        Assert.DoesNotContain(notices, n => n.Contains("train set") && n.Contains("(reused)"));
    }

    /// <summary>13 of the tiny run's images plus a PNG that is not one and a truncated JPEG, both among the first ones.</summary>
    private static (List<DatasetSample> Images, string Broken, string Truncated) WithBadImages(TinyTraining run)
    {
        // 13 + 2 images: no training batch of one image is left (a batch of one can take another convolution kernel, which
        // rounds differently, and this is about which images are used, not about kernels).
        var images = run.Images(13).ToList();
        string broken = Path.Combine(run.Root, "images/good/broken.png");
        File.WriteAllText(broken, "not a PNG");
        string truncated = TestImages.Jpeg(Path.Combine(run.Root, "images/good/cut.jpg"), TinyTraining.Side, TinyTraining.Side, 3);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..200]);
        images.Insert(1, new DatasetSample(broken, null, false, "good"));
        images.Insert(6, new DatasetSample(truncated, null, false, "good"));
        return (images, broken, truncated);
    }

    private static TrainingOptions Options(string output) => new() { OutputDirectory = output, Seed = 5, Threads = 1 };

    private static (TrainingResult Result, Dictionary<string, TorchSharp.torch.Tensor> Students, List<SkippedImage> Reported) Train(
        TinyTraining run, string config, IReadOnlyList<DatasetSample> images, string name, Func<TrainingOptions, TrainingOptions> adjust)
    {
        var reported = new List<SkippedImage>();
        using DistillGraph graph = TinyTraining.Graph(config);
        var options = adjust(Options(run.Output(name)) with { BadImages = BadSamplePolicy.SkipAndReport });
        TrainingResult result = new DistillTrainer(graph, options).Train(images, imageSkipped: reported.Add);
        return (result, TinyTraining.StudentState(graph), reported);
    }

    private static void Cancel(string config, IReadOnlyList<DatasetSample> images, TrainingOptions options, int atEpoch)
    {
        using var cancellation = new CancellationTokenSource();
        using DistillGraph graph = TinyTraining.Graph(config);
        TrainingResult stopped = new DistillTrainer(graph, options).Train(images,
            new SynchronousProgress<TrainingProgress>(p => { if (p.Epoch == atEpoch && p is { Batch: 1, Phase: TrainingPhase.Training }) cancellation.Cancel(); }),
            cancellation.Token);
        Assert.Equal((TrainingStop.Cancelled, atEpoch - 1), (stopped.Stop, stopped.EpochsRun));
    }

    private static List<(double Train, double Validation, double LearningRate)> Losses(TrainingResult result) =>
        result.History.Select(e => (e.TrainLoss, e.ValidationLoss, e.LearningRate)).ToList();
}
