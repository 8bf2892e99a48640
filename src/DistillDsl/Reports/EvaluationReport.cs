using DistillDsl.Evaluation;
using DistillDsl.Metrics;

namespace DistillDsl.Reports;

/// <summary>Everything a report states about one evaluation of a trained model on a labelled test set.</summary>
/// <param name="ConfigHash">The hash identifying the config's text (as stored in the checkpoint).</param>
/// <param name="WeightsSource">Where the teacher weights came from (file, package or cache path), for reproduction.</param>
/// <param name="Images">One score per test image, in the order they were scored.</param>
/// <param name="ImageMetrics">Image-level metrics of <paramref name="Images"/>.</param>
/// <param name="PixelMetrics">Pixel-level metrics; null when they were skipped (<see cref="PixelMetricsSkipped"/> says why).</param>
/// <param name="Threshold">The threshold chosen on normal validation scores for new images, when there is one (raw scores).</param>
/// <param name="Scoring">How the scores were made from the maps; null when not stated.</param>
/// <param name="Skipped">Test images left out because a file could not be read; null or empty when none.</param>
public sealed record EvaluationReport(
    string ConfigName,
    string ConfigHash,
    string WeightsSource,
    int Seed,
    IReadOnlyList<ScoredImage> Images,
    ImageMetrics ImageMetrics,
    PixelMetrics? PixelMetrics,
    RunTimings Timings,
    MachineInfo Machine,
    AnomalyThreshold? Threshold = null,
    ScoringInfo? Scoring = null,
    IReadOnlyList<SkippedImage>? Skipped = null)
{
    /// <summary>Why there are no pixel metrics (image labels only, or masks for some defect types only); null when there are.</summary>
    public string? PixelMetricsSkipped { get; init; }

    /// <summary>Image AUROC of each defect type against the normal images.</summary>
    public IReadOnlyList<DefectTypeAuroc> PerDefectType => DefectTypeAuroc.Compute(Images);

    /// <summary><see cref="Threshold"/> on the scale of <see cref="ScoredImage.Score"/> (they differ under a test-set normalisation).</summary>
    public float? ThresholdOnReportedScale => Threshold is null ? null : Scoring?.ToReportedScale(Threshold.Value) ?? Threshold.Value;
}

/// <summary>How long the run took.</summary>
/// <param name="TrainingSeconds">Null when a saved model was evaluated without training.</param>
/// <param name="EvaluationSeconds">Scoring the whole test set: reading images, forward passes, metrics and heat-map pictures
/// (not the report files).</param>
/// <param name="InferenceMillisecondsPerImage">Forward pass, anomaly map and score per image on the device, without file I/O:
/// the median over batches of batch time / batch size (the median keeps the first batch's one-time set-up out).</param>
/// <param name="UnfusedReason">Why the forward passes ran unfused (the graph's own modules, slower: a module the fusion does
/// not know, named here); null when they ran fused.</param>
/// <param name="ChannelsLastRefused">Why the fused path ran NCHW although it asks for channels-last (LibTorch's channels-last
/// convolutions give wrong values on this machine: <see cref="Fusion.ChannelsLastSupport"/>; right, slower); null otherwise.</param>
public sealed record RunTimings(double? TrainingSeconds, double EvaluationSeconds, double InferenceMillisecondsPerImage, string? UnfusedReason = null,
                               string? ChannelsLastRefused = null);
