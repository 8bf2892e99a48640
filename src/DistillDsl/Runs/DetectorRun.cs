using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Torch;
using DistillDsl.Training;

namespace DistillDsl.Runs;

/// <summary>Build → train → evaluate, the sequence that Invoke-DistillTraining, the demo and the accuracy bench share:
/// the config's graph at the run's image size, the trainer, then the evaluator on the best students with the run's
/// description (config hash, weights, seed, training time, threshold) in the report. Torch's thread count is set once,
/// for all three steps, and the caller's is restored on <see cref="Dispose"/>.</summary>
/// <remarks>The steps are separate calls so that each caller keeps its own handling of each step's failures (the module
/// maps them to error records; a bad test image must not lose the trained run).</remarks>
public sealed class DetectorRun : IDisposable
{
    private readonly TorchThreads threads;
    private TrainingResult? trained;
    private int seed;

    private DetectorRun(DistillGraph graph, TorchThreads threads)
    {
        Graph = graph;
        this.threads = threads;
    }

    /// <summary>Sets torch's intra-op thread count (null: as it is) and builds the config's graph.</summary>
    /// <param name="imageSize">The input side; null: the config's.</param>
    public static DetectorRun Build(ConfigSource config, int? imageSize, GraphBuildOptions options, int? threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchThreads scope = TorchThreads.Use(threads);
        try
        {
            return new DetectorRun(config.BuildGraph(imageSize, options), scope);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <summary>The graph; after <see cref="Train"/> it holds the best students, in eval mode.</summary>
    public DistillGraph Graph { get; }

    /// <summary>The training's result; null before <see cref="Train"/>.</summary>
    public TrainingResult? Trained => trained;

    /// <summary>Whether the trained students can be evaluated: the training completed or stopped early (not cancelled, and
    /// not ended by a non-finite loss).</summary>
    public bool CanEvaluate => trained?.Stop is TrainingStop.Completed or TrainingStop.EarlyStopped;

    /// <summary>Trains the graph's students (<see cref="DistillTrainer.Train"/>, whose parameters these are).</summary>
    public TrainingResult Train(IReadOnlyList<DatasetSample> samples, TrainingOptions options, IProgress<TrainingProgress>? progress = null,
                                CancellationToken cancellation = default, Action<EpochRecord>? epochCompleted = null, Action<string>? notice = null,
                                Action<SkippedImage>? imageSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (trained is not null) throw new InvalidOperationException("This run has already trained; build another DetectorRun for another training.");
        trained = new DistillTrainer(Graph, options).Train(samples, progress, cancellation, epochCompleted, notice, imageSkipped);
        seed = options.Seed;
        return trained;
    }

    /// <summary>Evaluates the trained students on <paramref name="samples"/> (<see cref="GraphEvaluator.Evaluate"/>);
    /// may be called more than once (the bench scores validation images with painted defects, then the test split).</summary>
    /// <exception cref="InvalidOperationException">Before training, or when <see cref="CanEvaluate"/> is false.</exception>
    public EvaluationReport Evaluate(IReadOnlyList<DatasetSample> samples, EvaluationOptions options)
    {
        if (trained is null || !CanEvaluate)
        {
            throw new InvalidOperationException(trained is null
                ? "Train before evaluating."
                : $"The training ended with {trained.Stop} ({trained.StopMessage}); its students are not evaluated.");
        }
        return new GraphEvaluator(Graph, options).Evaluate(samples, trained.DescribeRun(Graph, seed));
    }

    public void Dispose()
    {
        Graph.Dispose();
        threads.Dispose();
    }
}
