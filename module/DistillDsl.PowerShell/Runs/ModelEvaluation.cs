using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.PowerShell.Output;
using DistillDsl.Reports;

namespace DistillDsl.PowerShell.Runs;

/// <summary>Evaluates a trained graph on a test split with <see cref="GraphEvaluator"/> and describes the report as the
/// module's output record; shared by Invoke-DistillTraining (after training) and Invoke-DistillEvaluation.</summary>
internal static class ModelEvaluation
{
    /// <param name="reportFolder">Where report.json, summary.md, scores.csv, plots/ and heatmaps/ go.</param>
    public static (EvaluationReport Report, DistillEvaluationResult Result) Run(DistillGraph graph, DatasetIndex dataset, string checkpointPath,
        string device, int batchSize, string reportFolder, bool heatmaps, bool mapsAtOriginalSize, RunInfo run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var evaluator = new GraphEvaluator(graph, new EvaluationOptions
        {
            BatchSize = batchSize,
            Device = device,
            OutputDirectory = reportFolder,
            WriteHeatmaps = heatmaps,
            MapsAtOriginalSize = mapsAtOriginalSize,
            // One unreadable test image is listed in the report (and counted in SkippedCount), not fatal for the whole set.
            BadSamples = BadSamplePolicy.SkipAndReport,
        });
        EvaluationReport report = evaluator.Evaluate(dataset.Test, run);
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
            reportFolder,
            heatmaps ? Path.Combine(reportFolder, ReportLayout.HeatmapFolder) : null)
        {
            PixelMetricsSkipped = report.PixelMetricsSkipped,
        };
        return (report, result);
    }
}
