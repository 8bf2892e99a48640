using System.Globalization;
using System.Text;
using DistillDsl.Metrics;

namespace DistillDsl.Reports;

/// <summary>summary.md: the report for people — metrics table, image AUROC per defect type, threshold, skipped images,
/// pictures with their axes and colours described, timings and machine. Numbers are invariant, 4 decimals; an undefined metric reads "n/a".</summary>
public static class MarkdownSummary
{
    public static string Format(EvaluationReport report, ReportLayout files)
    {
        var text = new StringBuilder();
        ImageMetrics image = report.ImageMetrics;
        PixelMetrics? pixel = report.PixelMetrics;
        int normalCount = image.ImageCount - image.AnomalousCount;

        text.AppendLine($"# Evaluation of {Cell(report.ConfigName)}").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| Config | {Cell(report.ConfigName)} (hash `{report.ConfigHash}`) |");
        text.AppendLine($"| Weights | {Cell(report.WeightsSource)} |");
        text.AppendLine(Invariant($"| Seed | {report.Seed} |"));
        text.AppendLine(Invariant($"| Test images | {image.ImageCount} ({image.AnomalousCount} anomalous, {normalCount} normal) |"));
        if (pixel is not null)
        {
            text.AppendLine(Invariant($"| Ground truth | {pixel.DefectPixelCount} defect pixels of {pixel.PixelCount} in {pixel.DefectRegionCount} regions |"));
        }
        if (report.Scoring is not null) text.AppendLine($"| Image score | {Cell(report.Scoring.Description)} |");
        IReadOnlyList<SkippedImage> skipped = report.Skipped ?? [];
        if (skipped.Count > 0) text.AppendLine(Invariant($"| Skipped images | {skipped.Count} (unreadable; see below) |"));
        text.AppendLine();

        text.AppendLine("## Metrics").AppendLine();
        text.AppendLine("| Metric | Image level | Pixel level |").AppendLine("|---|---:|---:|");
        const string NoPixels = "skipped";
        text.AppendLine($"| AUROC | {Number(image.Auroc)} | {(pixel is null ? NoPixels : Number(pixel.Auroc))} |");
        text.AppendLine(Invariant($"| AUPRO (to FPR {pixel?.AuproFprLimit ?? Aupro.DefaultFprLimit}, normalised) | — | {(pixel is null ? NoPixels : Number(pixel.Aupro))} |"));
        text.AppendLine($"| F1-max | {Number(image.F1Max?.F1)} | {(pixel is null ? NoPixels : Number(pixel.F1Max?.F1))} |");
        text.AppendLine($"| F1-max threshold (score ≥) | {Score(image.F1Max?.Threshold)} | {(pixel is null ? NoPixels : Score(pixel.F1Max?.Threshold))} |");
        text.AppendLine();
        if (pixel is null)
        {
            text.AppendLine($"Pixel metrics were skipped: {(report.PixelMetricsSkipped ?? "the test set has no masks").ReplaceLineEndings(" ")}. "
                + "The image-level metrics and the AUROC per defect type below are complete.").AppendLine();
        }
        text.AppendLine("n/a: undefined for this test set (AUROC needs both normal and anomalous samples, F1-max anomalous ones, "
            + "AUPRO defect regions and normal pixels).").AppendLine();

        text.AppendLine(Invariant($"## Image AUROC per defect type (each type against the {normalCount} normal images)")).AppendLine();
        text.AppendLine("| Defect type | Images | Image AUROC |").AppendLine("|---|---:|---:|");
        foreach (DefectTypeAuroc defect in report.PerDefectType)
        {
            text.AppendLine(Invariant($"| {Cell(defect.DefectType)} | {defect.ImageCount} | {Number(defect.ImageAuroc)} |"));
        }
        text.AppendLine();

        text.AppendLine("## Threshold for new images").AppendLine();
        text.AppendLine(report.Threshold is null
            ? "None chosen."
            : $"An image is called anomalous when its score is ≥ {Score(report.Threshold.Value)}: {report.Threshold.Description}."
              + (report.ThresholdOnReportedScale is float scaled && scaled != report.Threshold.Value
                  ? $" That is a raw score; on this report's normalised scale it is {Score(scaled)}."
                  : ""));
        text.AppendLine();

        if (skipped.Count > 0)
        {
            text.AppendLine("## Skipped images").AppendLine();
            text.AppendLine("Left out of every metric because a file could not be read:").AppendLine();
            foreach (SkippedImage left in skipped) text.AppendLine($"- `{left.FileAtFault}`: {left.Reason.ReplaceLineEndings(" ")}");
            text.AppendLine();
        }

        ScoreHistogram histogram = ScoreHistogram.Compute(report.Images);
        string colours = string.Join(", ", histogram.Groups.Select((g, i) => $"{Cell(g.DefectType)} {PlotColors.For(i).Name}"));
        text.AppendLine("## Pictures").AppendLine();
        text.AppendLine($"![ROC curves]({Link(files.RocCurvesPng)})").AppendLine();
        text.AppendLine($"ROC curves: x = false-positive rate, y = true-positive rate (0 to 1); image level {RocPlot.ImageColour}"
            + (pixel is null ? "" : $", pixel level {RocPlot.PixelColour}") + "; dashed grey diagonal = chance.").AppendLine();
        text.AppendLine($"![Score histogram]({Link(files.ScoreHistogramPng)})").AppendLine();
        text.AppendLine(Invariant($"Score histogram: x = image score ({histogram.BinEdges.Length - 1} equal bins), y = fraction of the type's images per bin; ")
            + $"{colours}" + (report.Threshold is null ? "." : "; dashed black line = threshold.")).AppendLine();
        text.AppendLine($"Per-image scores: [{files.ScoresCsv}]({Link(files.ScoresCsv)}); heat-map overlays: the map_file column.").AppendLine();

        text.AppendLine("## Timings").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---:|");
        text.AppendLine(Invariant($"| Training | {(report.Timings.TrainingSeconds is double training ? $"{training:F1} s" : "not trained in this run")} |"));
        text.AppendLine(Invariant($"| Evaluation | {report.Timings.EvaluationSeconds:F1} s |"));
        text.AppendLine(Invariant($"| Inference per image | {report.Timings.InferenceMillisecondsPerImage:F1} ms |"));
        text.AppendLine();
        if (report.Timings.UnfusedReason is string unfused)
        {
            text.AppendLine($"The model ran unfused (its own modules, slower than the fused path): {unfused.ReplaceLineEndings(" ")}").AppendLine();
        }
        if (report.Timings.ChannelsLastRefused is string refused)
        {
            text.AppendLine($"The fused path ran NCHW, not channels-last (right, slower): {refused.ReplaceLineEndings(" ")}").AppendLine();
        }

        MachineInfo machine = report.Machine;
        text.AppendLine("## Machine").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| CPU | {Cell(machine.CpuModel ?? "unknown")} |");
        text.AppendLine(Invariant($"| Logical cores | {machine.LogicalCores} |"));
        text.AppendLine(Invariant($"| Torch threads | {machine.TorchThreads} |"));
        text.AppendLine($"| Device | {Cell(machine.Device)} |");
        text.AppendLine($"| OS | {Cell(machine.OperatingSystem)} |");
        text.AppendLine($"| .NET | {Cell(machine.DotNetVersion)} |");
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is double v ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    // Thresholds are raw scores of any scale: shortest round-trip text rather than a fixed number of decimals.
    private static string Score(float? value) => value is float v ? v.ToString("R", CultureInfo.InvariantCulture) : "n/a";

    // A pipe would end a table cell and a line break the row.
    private static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");

    private static string Link(string relativePath) => relativePath.Replace('\\', '/').Replace(" ", "%20");
}
