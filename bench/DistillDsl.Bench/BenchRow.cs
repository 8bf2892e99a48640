using DistillDsl.Metrics;
using DistillDsl.Reports;

namespace DistillDsl.Bench;

/// <summary>One config's line of the table: its validation and test evaluations (as their report.json holds them), or why it was skipped.</summary>
internal sealed record BenchRow(string Config, ReportDocument? Validation, ReportDocument? Test, TrainingSummary? Training, string? SkippedBecause,
                               PortResult? Port = null)
{
    /// <summary>Validation data only: the mean of image AUROC, pixel AUROC and AUPRO.</summary>
    public double? SelectionScore => SelectionOf(Validation);

    /// <summary>With <c>--families</c>: each synthetic family's validation report, in family order (null where skipped).</summary>
    public IReadOnlyList<(string Family, ReportDocument? Validation)> Families { get; init; } = [];

    /// <summary>The mean of the families' selection scores; null without families or when one has none.</summary>
    public double? FamiliesMean =>
        Families.Count > 0 && Families.All(f => SelectionOf(f.Validation) is not null)
            ? Families.Average(f => SelectionOf(f.Validation)!.Value)
            : null;

    /// <summary>What the choice among configs uses: the selection score, or with families the mean of it and the families'
    /// mean, so that the dataset and the five textures weigh the same.</summary>
    public double? ChoiceScore => Families.Count == 0
        ? SelectionScore
        : SelectionScore is double own && FamiliesMean is double families ? (own + families) / 2 : null;

    public static double? SelectionOf(ReportDocument? validation) =>
        validation is null ? null : SelectionOf(validation.Metrics.Image, validation.Metrics.Pixel);

    /// <summary>The selection score of validation metrics: the mean of image AUROC, pixel AUROC and AUPRO (null when one is
    /// undefined).</summary>
    public static double? SelectionOf(ImageMetrics image, PixelMetrics? pixel) =>
        image.Auroc is double imageAuroc && pixel is { Auroc: double pixelAuroc, Aupro: double aupro }
            ? (imageAuroc + pixelAuroc + aupro) / 3
            : null;
}

/// <summary>How a config's training went.</summary>
internal sealed record TrainingSummary(int EpochsRun, int BestEpoch, double Seconds);
