namespace DistillDsl.Timing;

/// <summary>One measured point of a sweep: a config's graph on one device, with one thread count, batch size and image size.</summary>
/// <param name="Config">The config's name (from its YAML).</param>
/// <param name="InferencePath">Which implementation was timed (<see cref="IInferencePath.Name"/>).</param>
/// <param name="Device">The device as resolved (<c>cpu</c>, <c>cuda:0</c>).</param>
/// <param name="Threads">Torch's intra-op thread count during the point.</param>
/// <param name="ImageSize">Side of the square input, in pixels.</param>
/// <param name="Latency">Milliseconds per batch over the timed iterations.</param>
/// <param name="TeacherWeights">Where the teachers' weights came from: <c>random</c> when the sweep replaced them by random
/// weights (the latency does not depend on the weights' values), else the config's sources (e.g. <c>imagenet</c>).</param>
public sealed record TimingPoint(string Config, string InferencePath, string Device, int Threads, int BatchSize, int ImageSize,
    LatencyStatistics Latency, PeakMemory PeakMemory, int Warmup, int Iterations, string TeacherWeights)
{
    /// <summary>Mean milliseconds per batch divided by the batch size.</summary>
    public double MsPerImage => Latency.MeanMs / BatchSize;

    /// <summary>Images per second at the mean latency: 1000 / <see cref="MsPerImage"/>.</summary>
    public double ImagesPerSecond => 1000.0 * BatchSize / Latency.MeanMs;
}
