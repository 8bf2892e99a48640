using DistillDsl.Reports;

namespace DistillDsl.Bench;

/// <summary>One config's line of the table: its validation and test evaluations (as their report.json holds them), or why it was skipped.</summary>
internal sealed record BenchRow(string Config, ReportDocument? Validation, ReportDocument? Test, TrainingSummary? Training, string? SkippedBecause,
                               PortResult? Port = null)
{
    /// <summary>What the choice among configs uses: validation data only (mean of image AUROC, pixel AUROC and AUPRO).</summary>
    public double? SelectionScore =>
        Validation is { Metrics: { Image.Auroc: double image, Pixel: { Auroc: double pixel, Aupro: double aupro } } }
            ? (image + pixel + aupro) / 3
            : null;
}

/// <summary>How a config's training went.</summary>
internal sealed record TrainingSummary(int EpochsRun, int BestEpoch, double Seconds);
