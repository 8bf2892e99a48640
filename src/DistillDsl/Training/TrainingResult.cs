using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Metrics;
using DistillDsl.Reports;

namespace DistillDsl.Training;

/// <summary>What a training run produced.</summary>
/// <param name="BestEpoch">The epoch of the students in <c>best.ckpt</c> (with separately trained students, the latest of
/// their best epochs); 0 when no epoch finished.</param>
/// <param name="BestValidationLoss">The total validation loss of the students in <c>best.ckpt</c>; NaN when unknown.</param>
/// <param name="EpochsRun">Epochs finished, over all sessions of a resumed run.</param>
/// <param name="Duration">This session's time.</param>
/// <param name="History">Every finished epoch, over all sessions of a resumed run.</param>
/// <param name="Threshold">From the normal validation scores of the best students; null when the run was cancelled, had no
/// validation images, or finished no epoch.</param>
public sealed record TrainingResult(string ConfigName, int BestEpoch, double BestValidationLoss, string BestCheckpointPath,
    string LastCheckpointPath, int EpochsRun, TimeSpan Duration, IReadOnlyList<EpochRecord> History, TrainingStop Stop, AnomalyThreshold? Threshold)
{
    /// <summary>One sentence on why the run ended, for people (e.g. the batch where the loss became NaN).</summary>
    public string StopMessage { get; init; } = "";

    /// <summary>Training and validation images this session left out because a file could not be read
    /// (<see cref="TrainingOptions.BadImages"/> = SkipAndReport), each with the reason; empty when none.</summary>
    public IReadOnlyList<SkippedImage> SkippedImages { get; init; } = [];

    public int SkippedCount => SkippedImages.Count;

    /// <summary>What an evaluation report of these students states about their run.</summary>
    /// <param name="graph">The trained graph (the trainer leaves the best students in it).</param>
    /// <param name="seed">The training seed.</param>
    public RunInfo DescribeRun(DistillGraph graph, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new RunInfo
        {
            ConfigHash = graph.Source?.Sha256,
            WeightsSource = RunInfo.DescribeWeights(graph),
            Seed = seed,
            TrainingSeconds = Duration.TotalSeconds,
            Threshold = Threshold,
        };
    }
}
