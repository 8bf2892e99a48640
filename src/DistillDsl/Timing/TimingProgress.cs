namespace DistillDsl.Timing;

/// <summary>Reported when a sweep starts building a graph or timing a point.</summary>
/// <param name="Point">Zero-based index of the point about to be measured (or of the first point of the graph being built).</param>
/// <param name="PointCount">Points in the whole sweep.</param>
public sealed record TimingProgress(int Point, int PointCount, TimingPhase Phase, string Config, string Device, int ImageSize,
    int? Threads, int? BatchSize);

public enum TimingPhase
{
    /// <summary>Building a config's graph (loading teacher weights) for one image size and device.</summary>
    BuildingGraph,

    /// <summary>Warming up and timing one point.</summary>
    Timing,
}
