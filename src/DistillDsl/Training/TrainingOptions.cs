using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Training.Cache;

namespace DistillDsl.Training;

/// <summary>One training run's settings. Every nullable member left null takes the config's <c>training</c> preset.</summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train (the config's <c>epochs</c> when null).</summary>
    public int? Epochs { get; init; }

    /// <summary>Images per training step (the config's <c>batch_size</c> when null).</summary>
    public int? BatchSize { get; init; }

    /// <summary>The optimiser's learning rate (the config's <c>optimizer.lr</c> when null); a one-cycle schedule peaks at
    /// <c>max_lr_factor</c> × this rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The side images are resized to. The graph must already be built at this size (its spec's input): build it
    /// with <see cref="ConfigSource.BuildGraph"/> or <see cref="SpecRescaling.AtImageSize"/>. Null: the graph's input size.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Seeds the train/validation split, the shuffling of every epoch and the torch generator.</summary>
    public int Seed { get; init; }

    /// <summary>Where the graph was built (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>); checked against the graph, which
    /// cannot move after it is built.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Torch's intra-op CPU threads during the run (restored afterwards); torch's default when null.</summary>
    public int? Threads { get; init; }

    /// <summary>Null: the config's <c>early_stop</c>. False: never stop early. True: stop early as the config's
    /// <c>early_stop</c> says (which must then be present).</summary>
    public bool? EarlyStop { get; init; }

    /// <summary>Required: the folder that receives <c>best.ckpt</c> and <c>last.ckpt</c>.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>Continue the run whose <c>last.ckpt</c> is in <see cref="OutputDirectory"/> (same config and settings).
    /// Without it, a folder that already holds a checkpoint is refused rather than overwritten.</summary>
    public bool Resume { get; init; }

    /// <summary>Run the training forward pass (<see cref="TrainingForward"/>: fused teachers, the students on the same
    /// input) in channels-last memory format. On by default: on a 2-core Xeon (LibTorch 2.10 CPU) it made the teachers'
    /// and the students' passes faster; the students' parameters and checkpoints keep their layout either way.</summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>Decode and resize each image once per run and compute the frozen teachers' pooled taps once
    /// (<see cref="Cache.TrainingCache"/>), instead of once per epoch. On by default; off streams the files every epoch.</summary>
    public bool Cache { get; init; } = true;

    /// <summary>The cache (training and validation images, float32, and the teachers' taps) stays in memory up to this many
    /// bytes; a larger one goes to memory-mapped files in <c>cache/</c> under <see cref="OutputDirectory"/>, which a
    /// resumed run reuses. 4 GiB by default: at 256² a Reduced Student's cache takes about 2.3 MB per image.</summary>
    public long CacheMemoryBytes { get; init; } = 4L << 30;

    /// <summary>How the cache stores the teachers' features: float32 (exact) or float16 (half the size).</summary>
    public CachePrecision CachePrecision { get; init; } = CachePrecision.Float32;

    /// <summary>What an unreadable training or validation image does. <see cref="BadSamplePolicy.Stop"/> (default) throws its
    /// <see cref="DatasetException"/>, naming the file and the reason, before the first epoch of the session (every image is
    /// decoded once first: by the cache build, or by a screening pass without a cache); nothing written is deleted.
    /// <see cref="BadSamplePolicy.SkipAndReport"/> leaves the image out of training or validation (and of the cache), reports
    /// it and lists it in <see cref="TrainingResult.SkippedImages"/>. The same option as <see cref="Evaluation.EvaluationOptions.BadImages"/>.</summary>
    public BadSamplePolicy BadImages { get; init; } = BadSamplePolicy.Stop;

    /// <summary>The dataset trained on, as people name it (e.g. its category); written to the run's <c>run.json</c>.</summary>
    public string? DatasetName { get; init; }

    /// <summary>The quantile of the normal validation scores, with the best students, that becomes the stored
    /// <see cref="Metrics.AnomalyThreshold"/>: 0.99 flags about 1 % of normal images.</summary>
    public double ThresholdQuantile { get; init; } = 0.99;
}
