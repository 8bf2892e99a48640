using System.Globalization;
using DistillDsl.Metrics;
using ScottPlot;

namespace DistillDsl.Reports;

/// <summary>The ROC curves picture: x = false-positive rate, y = true-positive rate, both 0 to 1; image level in blue, pixel
/// level (when there are masks) in orange, chance as a dashed grey diagonal.</summary>
internal static class RocPlot
{
    public const string ImageColour = "blue", PixelColour = "orange";

    public static byte[] RenderPng(ImageMetrics image, PixelMetrics? pixel, int width = 640, int height = 560)
    {
        PlotFonts.Ensure();
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = PlotColors.For(7).Color;
        chance.LegendText = "chance";
        AddCurve(plot, image.Roc, "image level", image.Auroc, PlotColors.For(0).Color);
        if (pixel is not null) AddCurve(plot, pixel.Roc, "pixel level", pixel.Auroc, PlotColors.For(1).Color);

        plot.Title("ROC curves");
        plot.XLabel("false-positive rate");
        plot.YLabel("true-positive rate");
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void AddCurve(Plot plot, RocCurve? curve, string level, double? auroc, Color color)
    {
        if (curve is null) return; // one class only: no curve to draw; summary.md says so
        var line = plot.Add.Scatter(curve.FalsePositiveRates, curve.TruePositiveRates);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{level} (AUROC {auroc:F4})");
    }
}
