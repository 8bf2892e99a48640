using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Training;
using DistillDsl.Training.Cache;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>The training cache (decoded images and frozen-teacher features computed once per run): it must not change what
/// a run computes, must never be trusted when it does not match the run, and must keep resumed runs exact. Runs use one
/// torch thread (a global setting), hence the serial collection.</summary>
[Collection(SerialTrainingCollection.Name)]
public class TrainingCacheTests
{
    [Fact]
    public void Cached_and_uncached_training_give_the_same_losses_and_students()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 3)));
        IReadOnlyList<DatasetSample> images = run.Images();

        var (uncached, uncachedStudents) = Train(run, config, images, "uncached", o => o with { Cache = false });
        var (cached, cachedStudents) = Train(run, config, images, "cached", o => o);

        // The same images through the same fused teacher: the cached features are the streamed ones bit for bit (the
        // teacher's convolutions compute each image alone, whatever batch it is in), so the whole run is identical.
        Assert.Equal(Losses(uncached), Losses(cached));
        Assert.True(TinyTraining.Identical(uncachedStudents, cachedStudents), "the best students differ");
        Assert.Equal(uncached.Threshold, cached.Threshold);
        Assert.False(Directory.Exists(TrainingImages.CacheFolder(cached.BestCheckpointPath[..^"/best.ckpt".Length])), "an in-memory cache wrote files");
    }

    [Fact]
    public void A_teacher_reading_the_image_at_half_resolution_trains_the_same_cached_and_uncached()
    {
        using var run = new TinyTraining();
        string yaml = TinyTraining.Config(TinyTraining.Sgd(epochs: 2), twoTeachers: true).Replace("    alpha: 0.5", "    alpha: 0.5\n    downsample: 2");
        Assert.Contains("downsample: 2", yaml);
        string config = run.WriteConfig(yaml);
        IReadOnlyList<DatasetSample> images = run.Images();

        var (uncached, uncachedStudents) = Train(run, config, images, "uncached", o => o with { Cache = false });
        var (cached, cachedStudents) = Train(run, config, images, "cached", o => o);

        // The half-resolution teacher's cached features and its student's input (the block-averaged image) are the streamed ones.
        Assert.Equal(Losses(uncached), Losses(cached));
        Assert.True(TinyTraining.Identical(uncachedStudents, cachedStudents), "the best students differ");
    }

    [Fact]
    public void A_cache_in_mapped_files_gives_the_in_memory_run_and_is_removed_when_the_run_completes()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var notices = new List<string>();

        var (memory, memoryStudents) = Train(run, config, images, "memory", o => o);
        var (files, fileStudents) = Train(run, config, images, "files", o => o with { CacheMemoryBytes = 0 }, notices.Add);

        Assert.Equal(Losses(memory), Losses(files));
        Assert.True(TinyTraining.Identical(memoryStudents, fileStudents));
        Assert.Contains(notices, n => n.Contains("Cached the train set") && n.Contains(Path.Combine(run.Output("files"), "cache", "train")));
        Assert.False(Directory.Exists(Path.Combine(run.Output("files"), "cache")), "a completed run left its cache files");
    }

    [Fact]
    public void Float16_teacher_features_change_the_losses_only_by_rounding()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)));
        IReadOnlyList<DatasetSample> images = run.Images();

        var (exact, _) = Train(run, config, images, "f32", o => o);
        var (half, _) = Train(run, config, images, "f16", o => o with { CachePrecision = CachePrecision.Float16 });

        for (int i = 0; i < exact.History.Count; i++)
        {
            Assert.Equal(exact.History[i].TrainLoss, half.History[i].TrainLoss, exact.History[i].TrainLoss * 5e-3);
            Assert.Equal(exact.History[i].ValidationLoss, half.History[i].ValidationLoss, exact.History[i].ValidationLoss * 5e-3);
        }
        Assert.NotEqual(Losses(exact), Losses(half)); // float16 storage really was used
    }

    [Fact]
    public void A_resumed_run_reuses_its_cache_files_and_ends_exactly_like_an_uninterrupted_run()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 4)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var (uninterrupted, uninterruptedStudents) = Train(run, config, images, "uninterrupted", o => o with { Cache = false });

        var notices = new List<string>();
        TrainingResult resumed = CrashThenResume(run, config, images, "resumed", damage: null, notices);

        Assert.Contains(notices, n => n.Contains("Cached the train set") && n.Contains("(reused)"));
        Assert.Equal(Losses(uninterrupted), Losses(resumed));
        using DistillGraph graph = DistillCheckpoint.Read(resumed.BestCheckpointPath).BuildGraph();
        Assert.True(TinyTraining.Identical(uninterruptedStudents, TinyTraining.StudentState(graph)), "the best students differ");
    }

    [Theory]
    [InlineData("flip a byte")]
    [InlineData("truncate")]
    [InlineData("damage the manifest")]
    public void A_damaged_cache_is_rebuilt_never_trusted(string damage)
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 4)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var (uninterrupted, _) = Train(run, config, images, "uninterrupted", o => o with { Cache = false });

        var notices = new List<string>();
        TrainingResult resumed = CrashThenResume(run, config, images, "damaged", folder =>
        {
            string train = Path.Combine(folder, "train");
            string file = Directory.GetFiles(train, "*.bin").OrderBy(f => f, StringComparer.Ordinal).Last();
            switch (damage)
            {
                case "flip a byte":
                    byte[] bytes = File.ReadAllBytes(file);
                    bytes[bytes.Length / 2] ^= 0x40;
                    File.WriteAllBytes(file, bytes);
                    break;
                case "truncate":
                    using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(stream.Length - 4);
                    break;
                default:
                    File.WriteAllText(Path.Combine(train, CacheManifest.FileName), "{ \"key\": ");
                    break;
            }
        }, notices);

        Assert.Contains(notices, n => n.Contains("is rebuilt") && n.Contains(Path.Combine("cache", "train")));
        Assert.DoesNotContain(notices, n => n.Contains("train set") && n.Contains("(reused)"));
        Assert.Equal(Losses(uninterrupted), Losses(resumed));
    }

    [Fact]
    public void An_augmented_run_caches_only_images_and_gives_the_uncached_run()
    {
        using var run = new TinyTraining();
        string augmented = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2, extra: "  augment: { hflip: true, rot90: true, color_jitter: 0.1 }")), "augmented.yaml");
        string plain = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)), "plain.yaml");
        IReadOnlyList<DatasetSample> images = run.Images();
        var notices = new List<string>();

        var (uncached, uncachedStudents) = Train(run, augmented, images, "uncached", o => o with { Cache = false });
        var (cached, cachedStudents) = Train(run, augmented, images, "cached", o => o, notices.Add);
        var (withoutAugmentation, _) = Train(run, plain, images, "plain", o => o);

        // The teachers run on each augmented batch either way; the cache gives the same images.
        Assert.Equal(Losses(uncached), Losses(cached));
        Assert.True(TinyTraining.Identical(uncachedStudents, cachedStudents), "the best students differ");
        Assert.NotEqual(Losses(withoutAugmentation).Select(l => l.Train), Losses(cached).Select(l => l.Train));
        // Validation is not augmented: epoch 1's validation loss depends only on the students after epoch 1's steps, which
        // the augmentation changed, so only the cache notice is checked here: images only for training, taps for validation.
        long trainBytes = 10L * 3 * TinyTraining.Side * TinyTraining.Side * 4;
        Assert.Contains(notices, n => n.Contains("Cached the train set") && n.Contains("10 images") && n.Contains($"{trainBytes / (1024.0 * 1024):F0} MiB"));
    }

    [Fact]
    public void An_augmented_resumed_run_ends_exactly_like_an_uninterrupted_one()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 4, extra: "  augment: { hflip: true, vflip: true, rot90: true, color_jitter: 0.2 }")));
        IReadOnlyList<DatasetSample> images = run.Images();
        var (uninterrupted, uninterruptedStudents) = Train(run, config, images, "uninterrupted", o => o);

        TrainingResult resumed = CrashThenResume(run, config, images, "resumed", damage: null, []);

        Assert.Equal(Losses(uninterrupted), Losses(resumed));
        using DistillGraph graph = DistillCheckpoint.Read(resumed.BestCheckpointPath).BuildGraph();
        Assert.True(TinyTraining.Identical(uninterruptedStudents, TinyTraining.StudentState(graph)), "the best students differ");
    }

    [Fact]
    public void The_cache_key_changes_with_the_config_the_teacher_weights_the_image_list_and_the_size()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd()));
        var images = run.Images(4).ToList();
        using DistillGraph graph = TinyTraining.Graph(config);
        string Key(DistillGraph g, string sha = "abc", int size = TinyTraining.Side, bool channelsLast = true,
                   CachePrecision precision = CachePrecision.Float32, IReadOnlyList<DatasetSample>? samples = null) =>
            CacheKey.Compute(g, sha, size, channelsLast, precision, samples ?? images);

        string key = Key(graph);
        Assert.Equal(key, Key(graph));
        Assert.NotEqual(key, Key(graph, sha: "abd"));
        Assert.NotEqual(key, Key(graph, size: 64));
        Assert.NotEqual(key, Key(graph, channelsLast: false));
        Assert.NotEqual(key, Key(graph, precision: CachePrecision.Float16));
        Assert.NotEqual(key, Key(graph, samples: images.Take(3).ToList()));
        Assert.NotEqual(key, Key(graph, samples: images.AsEnumerable().Reverse().ToList()));

        File.SetLastWriteTimeUtc(images[0].ImagePath, File.GetLastWriteTimeUtc(images[0].ImagePath).AddSeconds(5));
        Assert.NotEqual(key, Key(graph));
        string touched = Key(graph);

        using (no_grad())
        {
            graph.Branches[0].Teacher.AsModule().parameters().First().add_(1e-3f);
        }
        Assert.NotEqual(touched, Key(graph));
    }

    [Fact]
    public void A_stored_cache_of_another_image_list_is_rebuilt()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 3)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var options = new TrainingOptions { OutputDirectory = run.Output("run"), Seed = 1, Threads = 1, CacheMemoryBytes = 0 };
        Cancel(config, images, options, atEpoch: 2);

        // One image changes on disk between the sessions: the resumed run must not train on the stale features.
        File.SetLastWriteTimeUtc(images[3].ImagePath, DateTime.UtcNow.AddMinutes(1));
        var notices = new List<string>();
        using DistillGraph graph = TinyTraining.Graph(config);
        new DistillTrainer(graph, options with { Resume = true }).Train(images, notice: notices.Add);

        Assert.Contains(notices, n => n.Contains("is rebuilt") && n.Contains("another config, teacher, image size or image list"));
    }

    [Fact]
    public void Each_epoch_writes_history_csv_and_the_end_writes_run_json_and_the_loss_curves()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 3)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var seen = new List<(int Epoch, IReadOnlyList<EpochRecord> Csv)>();
        string output = run.Output("logged");
        using DistillGraph graph = TinyTraining.Graph(config);
        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = output, Seed = 2, Threads = 1, DatasetName = "tiles" })
            .Train(images, epochCompleted: e => seen.Add((e.Epoch, RunHistory.Read(Path.Combine(output, RunHistory.FileName)))));

        // After each epoch the file already holds that epoch, and nothing beyond it.
        Assert.Equal([1, 2, 3], seen.Select(s => s.Epoch));
        Assert.Equal([1, 2, 3], seen.Select(s => s.Csv.Count));
        IReadOnlyList<EpochRecord> csv = RunHistory.Read(Path.Combine(output, RunHistory.FileName));
        Assert.Equal(result.History.Select(h => (h.Epoch, h.TrainLoss, h.ValidationLoss, h.LearningRate, h.BestEpoch)),
                     csv.Select(h => (h.Epoch, h.TrainLoss, h.ValidationLoss, h.LearningRate, h.BestEpoch)));
        Assert.Equal(result.BestEpoch, csv[^1].BestEpoch);
        Assert.All(csv, r => Assert.True(r.ImagesPerSecond > 0 && r.BestEpoch >= 1 && r.BestEpoch <= r.Epoch));

        RunStatus status = RunStatus.Read(output)!;
        Assert.Equal(("Completed", "tiny", "tiles", 3, Environment.ProcessId), (status.State, status.Config, status.Dataset, status.Epochs, status.ProcessId));
        Assert.False(status.WasKilled());
        byte[] png = File.ReadAllBytes(Path.Combine(output, DistillDsl.Reports.LossCurvePlot.FileName));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
    }

    [Fact]
    public void After_a_resume_history_csv_agrees_with_last_ckpt_even_when_it_was_an_epoch_ahead()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 3)));
        IReadOnlyList<DatasetSample> images = run.Images();
        var options = new TrainingOptions { OutputDirectory = run.Output("run"), Seed = 1, Threads = 1 };
        Cancel(config, images, options, atEpoch: 3);
        string csvPath = Path.Combine(options.OutputDirectory, RunHistory.FileName);
        // As after a crash between last.ckpt and history.csv of a later epoch: one row too many.
        File.AppendAllText(csvPath, "3,1,1,1,1,1,3,1\n");
        Assert.Equal("Cancelled", RunStatus.Read(options.OutputDirectory)!.State);

        var rows = new List<int>();
        using DistillGraph graph = TinyTraining.Graph(config);
        TrainingResult resumed = new DistillTrainer(graph, options with { Resume = true }).Train(images,
            new SynchronousProgress<TrainingProgress>(p => { if (p is { Epoch: 3, Batch: 1, Phase: TrainingPhase.Training }) rows.Add(RunHistory.Read(csvPath).Count); }));

        Assert.Equal([2], rows);
        Assert.Equal(resumed.History.Select(h => h.TrainLoss), RunHistory.Read(csvPath).Select(h => h.TrainLoss));
    }

    private static (TrainingResult Result, Dictionary<string, Tensor> Students) Train(TinyTraining run, string config, IReadOnlyList<DatasetSample> images,
        string name, Func<TrainingOptions, TrainingOptions> adjust, Action<string>? notice = null)
    {
        using DistillGraph graph = TinyTraining.Graph(config);
        var options = adjust(new TrainingOptions { OutputDirectory = run.Output(name), Seed = 5, Threads = 1 });
        TrainingResult result = new DistillTrainer(graph, options).Train(images, notice: notice);
        return (result, TinyTraining.StudentState(graph));
    }

    /// <summary>A run with its cache in files, cancelled in epoch 3, the cache damaged (or not), then resumed by a new graph.</summary>
    private static TrainingResult CrashThenResume(TinyTraining run, string config, IReadOnlyList<DatasetSample> images, string name,
                                                  Action<string>? damage, List<string> notices)
    {
        var options = new TrainingOptions { OutputDirectory = run.Output(name), Seed = 5, Threads = 1, CacheMemoryBytes = 0 };
        Cancel(config, images, options, atEpoch: 3);
        string folder = TrainingImages.CacheFolder(options.OutputDirectory);
        Assert.True(File.Exists(Path.Combine(folder, "train", CacheManifest.FileName)), "the cancelled run left no cache to resume with");
        damage?.Invoke(folder);
        using DistillGraph graph = TinyTraining.Graph(config);
        return new DistillTrainer(graph, options with { Resume = true }).Train(images, notice: notices.Add);
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
