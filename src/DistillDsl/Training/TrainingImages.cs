using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Training.Cache;

namespace DistillDsl.Training;

/// <summary>The images of one training session: which of the split's can be read, their batches every epoch, and the
/// caches of decoded images and teacher taps.</summary>
/// <remarks>Every image is decoded once in <see cref="Prepare"/>, by the cache build or else by a screening pass, so that an
/// unreadable one stops the run (BadImages = Stop) before any epoch work, or is left out of training or validation for the
/// whole session (SkipAndReport), in the cached and the uncached run alike.</remarks>
internal sealed class TrainingImages : IDisposable
{
    private readonly DistillGraph graph;
    private readonly TrainingPlan plan;
    private readonly TrainingOptions options;
    private readonly ConfigSource config;
    private readonly TrainValidationSplit split;
    private readonly ImagePreprocessing preprocessing;
    private readonly bool augmented;
    private readonly Action<string>? notice;
    private readonly Action<SkippedImage>? imageSkipped;
    private readonly CancellationToken cancellation;
    private readonly List<SkippedImage> skipped = [];
    private BatchStream trainStream;
    private BatchStream validationStream;
    private TrainingCache? trainCache;
    private TrainingCache? validationCache;

    /// <param name="augmented">Whether training images are augmented: their teacher taps then differ every epoch and are
    /// not cached.</param>
    public TrainingImages(DistillGraph graph, TrainingPlan plan, TrainingOptions options, ConfigSource config, TrainValidationSplit split, bool augmented,
                          Action<string>? notice, Action<SkippedImage>? imageSkipped, CancellationToken cancellation)
    {
        this.graph = graph;
        this.plan = plan;
        this.options = options;
        this.config = config;
        this.split = split;
        this.augmented = augmented;
        this.notice = notice;
        this.imageSkipped = imageSkipped;
        this.cancellation = cancellation;
        preprocessing = ImagePreprocessing.Rgb(plan.ImageSize);
        Train = split.Train;
        Validation = split.Validation;
        (trainStream, validationStream) = Streams();
    }

    /// <summary>The training images that can be read (all of the split's until <see cref="Prepare"/> has screened them).</summary>
    public IReadOnlyList<DatasetSample> Train { get; private set; }

    /// <summary>The validation images that can be read (all of the split's until <see cref="Prepare"/> has screened them).</summary>
    public IReadOnlyList<DatasetSample> Validation { get; private set; }

    /// <summary>The images left out, each once, in the order met.</summary>
    public IReadOnlyList<SkippedImage> Skipped => skipped;

    public int TrainBatchCount => trainStream.BatchCount;

    public int ValidationBatchCount => validationStream.BatchCount;

    /// <summary>Where the caches are and how large, for run.json; null without a cache.</summary>
    public string? CacheDescription => trainCache is null ? null
        : validationCache is null ? trainCache.Description : $"{trainCache.Description}; validation {validationCache.Description}";

    /// <summary>The folder of the run's cache files, when a cache is too large for memory.</summary>
    public static string CacheFolder(string outputDirectory) => Path.Combine(outputDirectory, "cache");

    /// <summary>Finds the images that can be read and builds (or reuses) the training and validation caches when asked and
    /// possible; false when cancelled.</summary>
    /// <param name="epochsLeft">False for a finished run, which only scores its validation images again.</param>
    /// <param name="cachingProgress">Called per cached batch with the batch number and the batch count.</param>
    public bool Prepare(TrainingForward forward, bool epochsLeft, Action<int, int> cachingProgress)
    {
        if (options.Cache && epochsLeft && forward.UsesFusedTeachers)
        {
            if (!PrepareCaches(forward, cachingProgress)) return false;
        }
        else
        {
            if (epochsLeft) Train = Readable(SampleScreening.Screen(split.Train, options.BadImages));
            Validation = Readable(SampleScreening.Screen(split.Validation, options.BadImages));
        }
        if (epochsLeft && Train.Count == 0)
        {
            throw new DatasetException(skipped[0].FileAtFault, $"{skipped[0].Reason} (none of the {split.Train.Count} training images can be read)");
        }
        if (plan.NeedsValidation && Validation.Count == 0 && split.Validation.Count > 0)
        {
            SkippedImage first = skipped.First(s => split.Validation.Any(v => v.ImagePath == s.ImagePath));
            throw new DatasetException(first.FileAtFault,
                $"{first.Reason} (none of the {split.Validation.Count} validation images can be read, and config '{config.Name}' picks the best epoch " +
                "by validation loss or stops early)");
        }
        (trainStream, validationStream) = Streams();
        return true;
    }

    /// <summary>The training images of an epoch, shuffled for it: from the cache when there is one, else read from the files.</summary>
    public IEnumerable<TrainingBatch> TrainingEpoch(int epoch) => trainCache is not null
        ? trainCache.Epoch(epoch, plan.Seed, plan.BatchSize, graph.Device)
        : trainStream.Epoch(epoch).Select(TrainingBatch.Streamed);

    /// <summary>The validation images in sample order: from the cache when there is one, else read from the files.</summary>
    public IEnumerable<TrainingBatch> ValidationPass() => validationCache is not null
        ? validationCache.Epoch(0, null, plan.BatchSize, graph.Device)
        : validationStream.Epoch(0).Select(TrainingBatch.Streamed);

    /// <summary>Removes the cache files once nothing is left to resume; the in-memory caches go too.</summary>
    public void DeleteCache()
    {
        trainCache?.Dispose();
        validationCache?.Dispose();
        trainCache = validationCache = null;
        string folder = CacheFolder(options.OutputDirectory);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public void Dispose()
    {
        trainCache?.Dispose();
        validationCache?.Dispose();
    }

    private IReadOnlyList<DatasetSample> Readable((IReadOnlyList<DatasetSample> Readable, IReadOnlyList<SampleProblem> Problems) screened) =>
        Readable(screened.Readable, screened.Problems);

    private IReadOnlyList<DatasetSample> Readable(IReadOnlyList<DatasetSample> readable, IReadOnlyList<SampleProblem> problems)
    {
        foreach (SampleProblem problem in problems) Skip(problem);
        return readable;
    }

    /// <summary>Lists an image left out (once, however often it is met) and tells the caller.</summary>
    private void Skip(SampleProblem problem)
    {
        if (skipped.Any(s => s.ImagePath == problem.Sample.ImagePath)) return;
        var image = new SkippedImage(problem.Sample.ImagePath, problem.Path, problem.Reason);
        skipped.Add(image);
        imageSkipped?.Invoke(image);
    }

    /// <summary>The streams of the readable images. Without a cache they read the files every epoch: an image that becomes
    /// unreadable during the run is then met by the policy there (Stop: the run fails with last.ckpt of the last finished
    /// epoch kept; SkipAndReport: it is left out of that pass and listed).</summary>
    private (BatchStream Train, BatchStream Validation) Streams() =>
        (new BatchStream(Train, preprocessing, plan.BatchSize, graph.Device, shuffleSeed: plan.Seed, badSamples: options.BadImages, onProblem: Skip),
         new BatchStream(Validation, preprocessing, plan.BatchSize, graph.Device, badSamples: options.BadImages, onProblem: Skip));

    /// <summary>Builds (or reuses) the training and validation caches; false when cancelled.</summary>
    private bool PrepareCaches(TrainingForward forward, Action<int, int> cachingProgress)
    {
        graph.eval(); // only the teachers run while caching
        long budget = options.CacheMemoryBytes;
        string root = CacheFolder(options.OutputDirectory);
        // Null when cancelled; a set none of whose images can be read is left empty (the caller decides if that is fatal).
        TrainingCache? Build(string part, IReadOnlyList<DatasetSample> samples, bool teacherTaps, Action<IReadOnlyList<DatasetSample>> readable)
        {
            if (samples.Count == 0) return null;
            string key = CacheKey.Compute(graph, config.Sha256, plan.ImageSize, forward.ChannelsLast, options.CachePrecision, samples, teacherTaps);
            TrainingCache? cache = TrainingCache.Build(samples, graph, forward, plan.ImageSize, plan.BatchSize, options.CachePrecision, key,
                Path.Combine(root, part), budget, cachingProgress, notice, cancellation, teacherTaps,
                options.BadImages, out IReadOnlyList<SampleProblem> problems);
            readable(Readable(cache?.Samples ?? [], problems));
            if (cache is null) return null;
            if (cache.Folder is null) budget -= cache.Bytes;
            notice?.Invoke($"Cached the {part} set: {cache.Description}.");
            return cache;
        }
        // Augmented training images differ every epoch, and so do their teacher features: only the images are cached.
        trainCache = Build("train", split.Train, teacherTaps: !augmented, r => Train = r);
        if (trainCache is null) return !cancellation.IsCancellationRequested;
        validationCache = Build("validation", split.Validation, teacherTaps: true, r => Validation = r);
        return validationCache is not null || !cancellation.IsCancellationRequested;
    }
}
