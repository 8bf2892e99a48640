using ScottPlot;

namespace DistillDsl.Reports;

/// <summary>The score histogram picture: x = image score, y = fraction of the type's images in each bin (so a type with few
/// images is as visible as one with many); one step line per defect type in <see cref="ScoreHistogram.Groups"/> order, coloured
/// as <see cref="PlotColors.For"/>; the threshold for new images, when there is one, as a dashed black vertical line (on the
/// histogram's score scale: see <see cref="EvaluationReport.ThresholdOnReportedScale"/>).</summary>
internal static class ScoreHistogramPlot
{
    public static byte[] RenderPng(ScoreHistogram histogram, float? threshold, int width = 800, int height = 500)
    {
        PlotFonts.Ensure();
        var plot = new Plot();
        for (int g = 0; g < histogram.Groups.Count; g++)
        {
            ScoreHistogram.Group group = histogram.Groups[g];
            // A horizontal step from each left edge; the last value repeated at the right edge closes the last bin.
            double[] fractions = new double[histogram.BinEdges.Length];
            for (int k = 0; k < group.Counts.Length; k++) fractions[k] = (double)group.Counts[k] / group.ImageCount;
            fractions[^1] = fractions[^2];
            var line = plot.Add.Scatter(histogram.BinEdges, fractions);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.Color = PlotColors.For(g).Color;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = $"{group.DefectType} ({group.ImageCount})";
        }
        if (threshold is float value)
        {
            var line = plot.Add.VerticalLine(value);
            line.Color = Colors.Black;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "threshold";
        }
        plot.Title("Image scores per defect type");
        plot.XLabel("image score");
        plot.YLabel("fraction of the type's images");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
