using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>Trains the students of any <see cref="DistillGraph"/> on normal images, with the config's training preset and
/// the run's overrides; writes <c>best.ckpt</c> and <c>last.ckpt</c> to <see cref="TrainingOptions.OutputDirectory"/>.
/// Behaviour in detail: Training/README.md.</summary>
/// <remarks>
/// <para>Only <see cref="DistillGraph.StudentParameters"/> reach an optimiser; the teachers stay frozen in eval mode. With
/// <c>students: joint</c> one optimiser minimises the total loss (Eq. 8); with <c>separate</c> each student has its own
/// optimiser and schedule on its own teacher's loss, and its own best epoch.</para>
/// <para>The samples are split 80/20 (the config's <c>validation_split</c>) with <see cref="TrainValidationSplit"/> and the
/// seed; every epoch ends with the validation loss (eval mode, no gradients), then best.ckpt (when the selection
/// improved) and last.ckpt are written atomically. When the run ends, the graph holds the best students, in eval mode,
/// and best.ckpt gets the <see cref="Metrics.AnomalyThreshold"/> from their normal validation scores.</para>
/// </remarks>
public sealed class DistillTrainer
{
    public const string BestCheckpointName = "best.ckpt";
    public const string LastCheckpointName = "last.ckpt";

    private readonly DistillGraph graph;
    private readonly TrainingOptions options;

    public DistillTrainer(DistillGraph graph, TrainingOptions options)
    {
        this.graph = graph ?? throw new ArgumentNullException(nameof(graph));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Runs the training (or continues it, with <see cref="TrainingOptions.Resume"/>).</summary>
    /// <param name="trainingSamples">Normal images; the validation part is split off here.</param>
    /// <param name="progress">Reported after every training and validation batch, on the training thread.</param>
    /// <param name="cancellation">Checked before every batch: the run stops at once, keeping last.ckpt of the last
    /// finished epoch (the interrupted epoch is redone on resume), and returns <see cref="TrainingStop.Cancelled"/>.</param>
    /// <exception cref="ArgumentException">Settings that do not fit the graph or the samples.</exception>
    /// <exception cref="InvalidOperationException">The output folder already holds a checkpoint (without Resume), or
    /// there is nothing to resume; or the graph was built from a spec in code (its YAML text, which a checkpoint stores, is unknown).</exception>
    /// <exception cref="CheckpointException">The checkpoint to resume is unusable or from another config or settings.</exception>
    /// <param name="epochCompleted">Called on the training thread after each epoch's checkpoints and history.csv are written.</param>
    /// <param name="notice">Called with sentences for a run's log (where the cache is, why a stored cache was rebuilt).</param>
    /// <param name="imageSkipped">Called once per training or validation image left out because it cannot be read
    /// (<see cref="TrainingOptions.BadImages"/> = SkipAndReport), on the training thread; they are also in
    /// <see cref="TrainingResult.SkippedImages"/>.</param>
    /// <exception cref="DatasetException">An image cannot be read and <see cref="TrainingOptions.BadImages"/> is Stop: before
    /// the first epoch of the session (or, without a cache, when a file becomes unreadable during the run); run.json then
    /// says Failed and the checkpoints of the last finished epoch are kept.</exception>
    public TrainingResult Train(IReadOnlyList<DatasetSample> trainingSamples, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default,
                                Action<EpochRecord>? epochCompleted = null, Action<string>? notice = null, Action<Reports.SkippedImage>? imageSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(trainingSamples);
        TrainingPlan plan = TrainingPlan.From(graph, options);
        ConfigSource config = graph.SourceFor("a checkpoint");
        TrainValidationSplit split = SplitSamples(trainingSamples, plan);
        // A kill during a write leaves its temporary behind (a checkpoint's, history.csv's, run.json's, loss.png's); nothing
        // else reads or finishes it, and this run rewrites every one of those files.
        foreach (string name in new[] { BestCheckpointName, LastCheckpointName, RunHistory.FileName, RunStatus.FileName, Reports.LossCurvePlot.FileName })
        {
            AtomicFile.DeleteStaleTemporaries(Path.Combine(options.OutputDirectory, name));
        }

        using TorchThreads threads = TorchThreads.Use(options.Threads);
        using var run = new TrainingRun(graph, plan, options, config, split, progress, cancellation, epochCompleted, notice, imageSkipped);
        return run.Run();
    }

    private TrainValidationSplit SplitSamples(IReadOnlyList<DatasetSample> samples, TrainingPlan plan)
    {
        var anomalous = samples.Where(s => s.IsAnomalous).ToList();
        if (anomalous.Count > 0)
        {
            throw new TrainingRefusedException($"Training takes normal images only; {anomalous.Count} of the samples are anomalous (e.g. {anomalous[0].ImagePath}).", nameof(samples));
        }
        TrainValidationSplit split = TrainValidationSplit.Split(samples, plan.ValidationFraction, plan.Seed);
        if (split.Train.Count == 0) throw new TrainingRefusedException("There are no training samples.", nameof(samples));
        if (plan.NeedsValidation && split.Validation.Count == 0)
        {
            throw new TrainingRefusedException(
                $"Config '{graph.Spec.Name}' picks the best epoch by validation loss or stops early, but {samples.Count} samples × validation_split " +
                $"{plan.ValidationFraction} leave no validation image.", nameof(samples));
        }
        return split;
    }
}
