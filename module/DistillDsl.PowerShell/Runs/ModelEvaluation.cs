using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using System.Management.Automation;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Reports;

namespace DistillDsl.PowerShell.Runs;

/// <summary>Evaluates a trained graph on a test split with <see cref="GraphEvaluator"/> and describes the report as the
/// module's output record; shared by Invoke-DistillTraining (after training) and Invoke-DistillEvaluation.</summary>
internal static class ModelEvaluation
{
    /// <param name="reportFolder">Where report.json, summary.md, scores.csv, plots/ and heatmaps/ go.</param>
    /// <returns>The report and the result; when the files could not be written, the result still (ReportPath and
    /// HeatmapPath null) and the write failure, which the cmdlet reports after the result.</returns>
    /// <param name="evaluate">Scores the test split with these options: the trained <c>DetectorRun</c>, or a checkpoint's graph.</param>
    public static (EvaluationReport Report, DistillEvaluationResult Result, ReportNotWrittenException? WriteFailure) Run(
        Func<EvaluationOptions, EvaluationReport> evaluate, DatasetIndex dataset, string checkpointPath, string device, int batchSize, string reportFolder,
        bool heatmaps, bool mapsAtOriginalSize, BadSamplePolicy badImages)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new EvaluationOptions
        {
            BatchSize = batchSize,
            Device = device,
            OutputDirectory = reportFolder,
            WriteHeatmaps = heatmaps,
            MapsAtOriginalSize = mapsAtOriginalSize,
            // -BadImage: Stop throws the DatasetException (the cmdlet names the file); Skip lists the image in the report.
            BadImages = badImages,
        };
        EvaluationReport report;
        ReportNotWrittenException? writeFailure = null;
        try
        {
            report = evaluate(options);
        }
        catch (ReportNotWrittenException e)
        {
            report = e.Report;
            writeFailure = e;
        }
        bool written = writeFailure is null;
        var result = new DistillEvaluationResult(
            report.ConfigName,
            dataset.Name,
            checkpointPath,
            device,
            report.ImageMetrics.Auroc,
            report.ImageMetrics.F1Max?.F1,
            report.PixelMetrics?.Auroc,
            report.PixelMetrics?.Aupro,
            report.PixelMetrics?.F1Max?.F1,
            report.PerDefectType.Select(d => new DistillDefectAuroc(d.DefectType, d.ImageCount, d.ImageAuroc)).ToArray(),
            report.Images.Count,
            report.Images.Count(i => !i.IsAnomalous),
            report.Images.Count(i => i.IsAnomalous),
            report.Skipped?.Count ?? 0,
            report.Threshold?.Value,
            report.Timings.InferenceMillisecondsPerImage,
            clock.Elapsed,
            written ? reportFolder : null,
            written && heatmaps ? Path.Combine(reportFolder, ReportLayout.HeatmapFolder) : null)
        {
            PixelMetricsSkipped = report.PixelMetricsSkipped,
            SkippedImages = (report.Skipped ?? []).Select(s => new DistillSkippedImage(s.ImagePath, s.FileAtFault, s.Reason, EvaluationStage)).ToArray(),
        };
        return (report, result, writeFailure);
    }

    /// <summary>The warning for a model that was scored unfused (a module the fusion does not know); null when it was fused.</summary>
    public static string? UnfusedWarning(EvaluationReport report) => report.Timings.UnfusedReason is string reason
        ? $"'{report.ConfigName}' was scored unfused, through its own modules (same maps, slower; the timings are of that path): {reason}"
        : null;

    /// <summary>The verbose line for a fused path that ran NCHW because channels-last is wrong on this machine; null otherwise.</summary>
    public static string? ChannelsLastNote(EvaluationReport report) => report.Timings.ChannelsLastRefused is string reason
        ? $"'{report.ConfigName}' was scored NCHW, not channels-last (same maps, slower; the timings are of that layout): {reason}"
        : null;

    /// <summary>What DistillSkippedImage.Stage says for a test image.</summary>
    public const string EvaluationStage = "Evaluation";

    /// <summary>One non-terminating DistillDsl.ImageUnreadable per test image left out of the metrics, naming the file at
    /// fault (the image, or its mask, e.g. one of another size) and the reason; without them a skipped image would be
    /// noticed only in report.json.</summary>
    public static IEnumerable<ErrorRecord> SkippedImageErrors(EvaluationReport report) =>
        (report.Skipped ?? []).Select(skipped => DistillErrors.Create(DistillErrorIds.ImageUnreadable, ErrorCategory.ReadError,
            skipped.FileAtFault == skipped.ImagePath
                ? $"Test image '{skipped.ImagePath}' was left out of the metrics: {skipped.Reason}"
                : $"Test image '{skipped.ImagePath}' was left out of the metrics: '{skipped.FileAtFault}': {skipped.Reason}",
            skipped.FileAtFault));

    /// <summary>The DistillDsl.OutputNotWritable record for a report that was computed but not written.</summary>
    public static ErrorRecord WriteFailureError(ReportNotWrittenException failure) =>
        DistillErrors.Create(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError,
            failure.Message + " The metrics are in the result; no report files were left there.", failure.Folder, failure);
}
