using DistillDsl.Training;
using ScottPlot;

namespace DistillDsl.Reports;

/// <summary>The loss curves of a training run (<c>loss.png</c> beside the checkpoints): training and validation loss per
/// epoch, log scale when they span more than a decade, the best epoch marked.</summary>
public static class LossCurvePlot
{
    public const string FileName = "loss.png";

    public static byte[] RenderPng(IReadOnlyList<EpochRecord> history, string title, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(history);
        PlotFonts.Ensure();
        var plot = new Plot();
        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        var values = history.SelectMany(r => new[] { r.TrainLoss, r.ValidationLoss }).Where(v => double.IsFinite(v) && v > 0).ToList();
        bool log = values.Count > 0 && values.Max() / values.Min() > 10;
        Func<double, double> y = log ? Math.Log10 : v => v;

        void Series(Func<EpochRecord, double> loss, string name, int colour)
        {
            var points = history.Where(r => double.IsFinite(loss(r)) && (!log || loss(r) > 0)).ToList();
            if (points.Count == 0) return;
            var line = plot.Add.Scatter(points.Select(r => (double)r.Epoch).ToArray(), points.Select(r => y(loss(r))).ToArray());
            line.Color = PlotColors.For(colour).Color;
            line.LineWidth = 2;
            line.MarkerSize = points.Count > 40 ? 0 : 5;
            line.LegendText = name;
        }
        Series(r => r.TrainLoss, "training loss", 0);
        Series(r => r.ValidationLoss, "validation loss", 1);
        int best = history.Count == 0 ? 0 : history[^1].BestEpoch;
        if (best > 0)
        {
            var marker = plot.Add.VerticalLine(best);
            marker.Color = PlotColors.For(7).Color;
            marker.LinePattern = LinePattern.Dashed;
            marker.LegendText = $"best epoch {best}";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(log ? "loss (log10)" : "loss");
        if (epochs.Length > 0) plot.Axes.SetLimitsX(epochs.Min() - 0.5, epochs.Max() + 0.5);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
