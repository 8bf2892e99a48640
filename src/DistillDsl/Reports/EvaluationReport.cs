using DistillDsl.Evaluation;
using DistillDsl.Metrics;

namespace DistillDsl.Reports;

/// <summary>Everything a report states about one evaluation of a trained model on a labelled test set.</summary>
/// <param name="ConfigHash">The hash identifying the config's text (as stored in the checkpoint).</param>
/// <param name="WeightsSource">Where the teacher weights came from (file, package or cache path), for reproduction.</param>
/// <param name="Images">One score per test image, in the order they were scored.</param>
/// <param name="ImageMetrics">Image-level metrics of <paramref name="Images"/>.</param>
/// <param name="PixelMetrics">Pixel-level metrics; null when the test set has no masks.</param>
/// <param name="Threshold">The threshold chosen on normal validation scores for new images, when there is one.</param>
public sealed record EvaluationReport(
    string ConfigName,
    string ConfigHash,
    string WeightsSource,
    int Seed,
    IReadOnlyList<ImageScore> Images,
    ImageMetrics ImageMetrics,
    PixelMetrics? PixelMetrics,
    RunTimings Timings,
    MachineInfo Machine,
    AnomalyThreshold? Threshold = null);

/// <summary>How long the run took.</summary>
/// <param name="TrainingSeconds">Null when a saved model was evaluated without training.</param>
/// <param name="EvaluationSeconds">Scoring the whole test set, pictures included.</param>
/// <param name="InferenceMillisecondsPerImage">Forward pass and anomaly map per image, without file I/O.</param>
public sealed record RunTimings(double? TrainingSeconds, double EvaluationSeconds, double InferenceMillisecondsPerImage);
