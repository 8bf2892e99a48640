using System.Globalization;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;

namespace DistillDsl.Training;

/// <summary>The settings a run actually uses: the config's <c>training</c> preset with the run's overrides applied and
/// checked against the graph. Stored in <c>last.ckpt</c>, so a resumed run can prove it continues the same run.</summary>
internal sealed record TrainingPlan(
    int Epochs,
    int BatchSize,
    double LearningRate,
    int ImageSize,
    int Seed,
    EarlyStopSpec? EarlyStop,
    double ValidationFraction,
    CheckpointRule CheckpointRule,
    StudentTraining Students,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule)
{
    public static TrainingPlan From(DistillGraph graph, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        DistillSpec spec = graph.Spec;
        TrainingSpec preset = spec.Training;

        if (string.IsNullOrWhiteSpace(options.OutputDirectory))
        {
            throw new TrainingRefusedException("TrainingOptions.OutputDirectory is required: it is where best.ckpt and last.ckpt are written.", nameof(options));
        }
        if (spec.Input.Height != spec.Input.Width)
        {
            throw new TrainingRefusedException($"Config '{spec.Name}' has a {spec.Input.Height}×{spec.Input.Width} input; training resizes images to squares, so the input must be square.", nameof(graph));
        }
        int imageSize = options.ImageSize ?? spec.Input.Height;
        if (imageSize != spec.Input.Height)
        {
            throw new TrainingRefusedException(
                $"TrainingOptions.ImageSize is {imageSize}, but the graph of config '{spec.Name}' was built for {spec.Input.Height}×{spec.Input.Width} images. " +
                $"Build the graph at that size (ConfigSource.Resolve(config).BuildGraph(imageSize: {imageSize})).", nameof(options));
        }
        CheckDevice(graph, options.Device);

        int epochs = Positive(options.Epochs ?? preset.Epochs, "Epochs");
        if (epochs != 1 && Methods.MemoryBank.MemoryBankFit.Applies(graph))
        {
            throw new TrainingRefusedException(
                $"TrainingOptions.Epochs is {epochs}, but config '{spec.Name}' has memory bank students, which are filled in one pass over the training images: train 1 epoch.", nameof(options));
        }
        int batchSize = Positive(options.BatchSize ?? preset.BatchSize, "BatchSize");
        double learningRate = options.LearningRate ?? preset.Optimizer.LearningRate;
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new TrainingRefusedException($"TrainingOptions.LearningRate is {Invariant(learningRate)}; it must be a finite number above 0.", nameof(options));
        }
        if (options.Threads is int threads && threads < 1)
        {
            throw new TrainingRefusedException($"TrainingOptions.Threads is {threads}; it must be at least 1.", nameof(options));
        }
        if (!(options.ThresholdQuantile >= 0 && options.ThresholdQuantile <= 1))
        {
            throw new TrainingRefusedException($"TrainingOptions.ThresholdQuantile is {Invariant(options.ThresholdQuantile)}; it must be in [0, 1].", nameof(options));
        }

        EarlyStopSpec? earlyStop = options.EarlyStop switch
        {
            null => preset.EarlyStop,
            false => null,
            true => preset.EarlyStop ?? throw new TrainingRefusedException(
                $"TrainingOptions.EarlyStop is true, but config '{spec.Name}' has no training.early_stop (patience, min_delta) to stop by.", nameof(options)),
        };
        if (earlyStop is not null && preset.ValidationSplit == 0)
        {
            throw new TrainingRefusedException($"Early stopping watches the validation loss, but config '{spec.Name}' holds out no validation images (validation_split: 0).", nameof(options));
        }

        return new TrainingPlan(epochs, batchSize, learningRate, imageSize, options.Seed, earlyStop, preset.ValidationSplit,
                                preset.Checkpoint, preset.Students, preset.Optimizer, preset.Schedule);
    }

    /// <summary>Needs validation images: to pick the best epoch by validation loss, or to stop early.</summary>
    public bool NeedsValidation => CheckpointRule == CheckpointRule.LowestValidationLoss || EarlyStop is not null;

    /// <summary>The settings a resumed run must share with the stored run, as "name value" pairs (invariant culture).</summary>
    public IReadOnlyList<(string Name, string Value)> Fingerprint() =>
    [
        ("epochs", Invariant(Epochs)),
        ("batch size", Invariant(BatchSize)),
        ("learning rate", Invariant(LearningRate)),
        ("image size", Invariant(ImageSize)),
        ("seed", Invariant(Seed)),
        ("early stop", EarlyStop is null ? "off" : $"patience {Invariant(EarlyStop.Patience)}, min_delta {Invariant(EarlyStop.MinDelta)}"),
    ];

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new TrainingRefusedException($"TrainingOptions.{name} is {value}; it must be at least 1.", name);

    private static void CheckDevice(DistillGraph graph, string device)
    {
        TorchSharp.torch.Device requested = DeviceSelector.Resolve(device);
        if (requested.type != graph.Device.type || NormalIndex(requested) != NormalIndex(graph.Device))
        {
            throw new TrainingRefusedException(
                $"TrainingOptions.Device is '{device}', but the graph of config '{graph.Spec.Name}' was built on {graph.Device}. " +
                "Build the graph with GraphBuildOptions.Device set to the training device.", nameof(device));
        }
    }

    // cuda and cuda:0 are the same device.
    private static long NormalIndex(TorchSharp.torch.Device device) => Math.Max(device.index, 0);
}
