using DistillDsl.Training;

namespace DistillDsl.PowerShell.Output;

/// <summary>What Invoke-DistillTraining did: the run (epochs, stop, best checkpoint, threshold) and, when the dataset's test
/// split was evaluated, its metrics and where the report and heat maps are. Metrics are null when not evaluated or
/// undefined (no masks: no pixel metrics).</summary>
/// <param name="Stop">Completed, EarlyStopped or NonFiniteLoss (Cancelled runs output nothing: Ctrl+C stops the pipeline).</param>
/// <param name="BestEpoch">The epoch of the students in best.ckpt; 0 when no epoch finished.</param>
/// <param name="EpochsRun">Epochs finished over all sessions of the run (a resumed run counts the earlier ones).</param>
/// <param name="ValidationLoss">The validation loss of the best students; NaN when unknown.</param>
/// <param name="Threshold">The anomaly threshold stored in best.ckpt (raw scores), chosen on normal validation images.</param>
/// <param name="Duration">This session's time: training plus evaluation.</param>
public sealed record DistillTrainingResult(
    string Config,
    string Category,
    string Device,
    int BestEpoch,
    int EpochsRun,
    double ValidationLoss,
    string Stop,
    string StopMessage,
    string OutputPath,
    string CheckpointPath,
    string LastCheckpointPath,
    TimeSpan Duration,
    double? Threshold,
    string? ThresholdSource,
    double? ImageAuroc,
    double? PixelAuroc,
    double? Aupro,
    string? ReportPath,
    string? HeatmapPath)
{
    /// <summary>The result of one training session and, when the test split was evaluated, of its evaluation.</summary>
    /// <param name="skipped">The session's images left out, training and evaluation together.</param>
    public static DistillTrainingResult Of(TrainingResult trained, DistillEvaluationResult? evaluation, string category, string device,
                                           string outputPath, TimeSpan duration, DistillSkippedImage[] skipped) =>
        new(trained.ConfigName, category, device, trained.BestEpoch, trained.EpochsRun, trained.BestValidationLoss, trained.Stop.ToString(),
            trained.StopMessage, outputPath, trained.BestCheckpointPath, trained.LastCheckpointPath, duration,
            trained.Threshold?.Value, trained.Threshold?.Description,
            evaluation?.ImageAuroc, evaluation?.PixelAuroc, evaluation?.Aupro, evaluation?.ReportPath, evaluation?.HeatmapPath)
        {
            PixelMetricsSkipped = evaluation?.PixelMetricsSkipped,
            SkippedCount = skipped.Length,
            SkippedImages = skipped,
        };

    /// <summary>Why PixelAuroc and Aupro are null after an evaluation (image labels only, or masks for some defect types
    /// only); null when they were computed or nothing was evaluated.</summary>
    public string? PixelMetricsSkipped { get; init; }

    /// <summary>Images left out because a file of theirs could not be read (-BadImage Skip): training and validation images
    /// of this session and test images of the evaluation, each also reported as a DistillDsl.ImageUnreadable error; 0 when none.</summary>
    public int SkippedCount { get; init; }

    /// <summary>The images counted in SkippedCount, each with the file at fault, the reason and the stage (Training, Evaluation).</summary>
    public DistillSkippedImage[] SkippedImages { get; init; } = [];
}
