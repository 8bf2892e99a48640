using DistillDsl.Timing;

namespace DistillDsl.PowerShell.Output;

/// <summary>One point of Measure-DistillInference, flat so that Export-Csv writes one column per property. Latencies are
/// milliseconds per batch, rounded to the microsecond; PeakMemoryMB is MiB (null on CUDA, PeakMemorySource says why).</summary>
/// <param name="TeacherWeights"><c>random</c> when -RandomTeacherWeights replaced the teachers' weights (latency does not
/// depend on them), else the config's weight sources (e.g. <c>imagenet</c>).</param>
/// <param name="InferencePath">The implementation timed (<c>graph</c>: forward → anomaly map → score in inference mode).</param>
public sealed record DistillTimingPoint(string Config, string Device, int Threads, int BatchSize, int ImageSize,
    double MeanMs, double P50Ms, double P95Ms, double MinMs, double MaxMs, double MsPerImage, double ImagesPerSecond,
    double? PeakMemoryMB, string PeakMemorySource, int Warmup, int Iterations, string TeacherWeights, string InferencePath)
{
    public static DistillTimingPoint From(TimingPoint point)
    {
        LatencyStatistics latency = point.Latency;
        return new DistillTimingPoint(point.Config, point.Device, point.Threads, point.BatchSize, point.ImageSize,
            Ms(latency.MeanMs), Ms(latency.P50Ms), Ms(latency.P95Ms), Ms(latency.MinMs), Ms(latency.MaxMs), Ms(point.MsPerImage),
            Math.Round(point.ImagesPerSecond, 2), point.PeakMemory.Megabytes is double mb ? Math.Round(mb, 1) : null,
            point.PeakMemory.Source, point.Warmup, point.Iterations, point.TeacherWeights, point.InferencePath);
    }

    private static double Ms(double milliseconds) => Math.Round(milliseconds, 3);
}
