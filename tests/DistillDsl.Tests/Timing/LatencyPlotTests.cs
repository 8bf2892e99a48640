using DistillDsl.Tests.Data;
using DistillDsl.Timing;

namespace DistillDsl.Tests.Timing;

public class LatencyPlotTests
{
    private static TimingPoint Point(string config, int batch, int size = 256, string device = "cpu", int threads = 2) =>
        new(config, "graph", device, threads, batch, size, new LatencyStatistics(batch * 10, batch * 10, batch * 11, batch * 9, batch * 12),
            new PeakMemory(500, "test"), 1, 2, "imagenet");

    [Fact]
    public void One_series_per_config_named_by_the_config_alone_when_nothing_else_varies()
    {
        TimingPoint[] points = [Point("stpm", 1), Point("stpm", 8), Point("reduced_student_code", 1), Point("reduced_student_code", 8)];

        var series = LatencyPlot.Series(points).ToList();

        Assert.Equal(["stpm", "reduced_student_code"], series.Select(s => s.Key));
        Assert.All(series, s => Assert.Equal([1, 8], s.Select(p => p.BatchSize)));
    }

    [Fact]
    public void Series_names_add_what_varies_in_the_sweep()
    {
        TimingPoint[] points = [Point("stpm", 1, size: 256), Point("stpm", 1, size: 512, threads: 4)];

        Assert.Equal(["stpm, 256 px, 2 threads", "stpm, 512 px, 4 threads"], LatencyPlot.Series(points).Select(s => s.Key));
    }

    [Fact]
    public void Writes_a_png()
    {
        using var folder = new TempFolder();
        string path = folder.File("plots/latency.png");

        LatencyPlot.Write(path, [Point("stpm", 1), Point("stpm", 8), Point("stpm", 16)]);

        byte[] png = File.ReadAllBytes(path);
        Assert.True(png.Length > 2000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Fact]
    public void Refuses_an_empty_sweep()
    {
        Assert.Throws<ArgumentException>(() => LatencyPlot.RenderPng([]));
    }
}
