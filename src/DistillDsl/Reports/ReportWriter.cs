using DistillDsl.IO;

namespace DistillDsl.Reports;

/// <summary>Writes a report folder (layout: <see cref="ReportLayout"/>), every file through <see cref="AtomicFile"/>.</summary>
public static class ReportWriter
{
    /// <returns>The full paths of the written files.</returns>
    public static ReportLayout Write(EvaluationReport report, string folder)
    {
        if (report.Images.Count == 0) throw new ArgumentException($"Report for '{folder}': the evaluation has no test images.");
        ReportLayout files = ReportLayout.Standard.In(folder);
        ScoresCsv.Write(files.ScoresCsv, report.Images);
        ReportJson.Write(files.ReportJson, ReportDocument.From(report));
        AtomicFile.WriteAllText(files.SummaryMarkdown, MarkdownSummary.Format(report, ReportLayout.Standard));
        byte[] roc = RocPlot.RenderPng(report.ImageMetrics, report.PixelMetrics);
        AtomicFile.Write(files.RocCurvesPng, stream => stream.Write(roc));
        byte[] histogram = ScoreHistogramPlot.RenderPng(ScoreHistogram.Compute(report.Images), report.ThresholdOnReportedScale);
        AtomicFile.Write(files.ScoreHistogramPng, stream => stream.Write(histogram));
        return files;
    }
}
