using System.Globalization;
using DistillDsl.IO;
using DistillDsl.Reports;
using ScottPlot;

namespace DistillDsl.Timing;

/// <summary>The latency picture of a sweep: x = batch size, y = median milliseconds per batch; one line with markers per
/// series. A series is a config, split further by image size, device, thread count or inference path only where the sweep
/// has more than one of them, so the legend names exactly what differs.</summary>
public static class LatencyPlot
{
    public static byte[] RenderPng(IReadOnlyCollection<TimingPoint> points, int width = 900, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("There are no timing points to plot.", nameof(points));
        PlotFonts.Ensure();
        var plot = new Plot();
        int index = 0;
        foreach (var series in Series(points))
        {
            var ordered = series.OrderBy(p => p.BatchSize).ToList();
            var line = plot.Add.Scatter(ordered.Select(p => (double)p.BatchSize).ToArray(), ordered.Select(p => p.Latency.P50Ms).ToArray());
            line.Color = PlotColors.For(index++).Color;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = series.Key;
        }
        plot.Title("Inference latency against batch size");
        plot.XLabel("batch size (images)");
        plot.YLabel("latency per batch, median (ms)");
        plot.Axes.SetLimitsY(0, points.Max(p => p.Latency.P50Ms) * 1.08);
        // Ticks at the measured batch sizes only: a batch of 2.5 images means nothing.
        double[] batchSizes = points.Select(p => (double)p.BatchSize).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(batchSizes, batchSizes.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Renders and writes the PNG atomically.</summary>
    public static void Write(string path, IReadOnlyCollection<TimingPoint> points)
    {
        byte[] png = RenderPng(points);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    /// <summary>The points grouped into lines, in the order the sweep measured them, each named by what sets it apart.</summary>
    public static IEnumerable<IGrouping<string, TimingPoint>> Series(IReadOnlyCollection<TimingPoint> points)
    {
        bool sizes = points.Select(p => p.ImageSize).Distinct().Count() > 1;
        bool devices = points.Select(p => p.Device).Distinct().Count() > 1;
        bool threads = points.Select(p => p.Threads).Distinct().Count() > 1;
        bool paths = points.Select(p => p.InferencePath).Distinct().Count() > 1;
        return points.GroupBy(p =>
        {
            var parts = new List<string> { p.Config };
            if (sizes) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{p.ImageSize} px"));
            if (devices) parts.Add(p.Device);
            if (threads) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{p.Threads} threads"));
            if (paths) parts.Add(p.InferencePath);
            return string.Join(", ", parts);
        });
    }
}
