using DistillDsl.Graphs;

namespace DistillDsl.Timing;

/// <summary>Which inference implementation timing sweeps measure unless told otherwise.</summary>
public static class InferencePaths
{
    /// <summary>The path a <see cref="TimingSweep"/> wraps each built graph in. To time another implementation (for example a
    /// fused fast path), change this one line or set <see cref="TimingSweepOptions.InferencePath"/>.</summary>
    public static Func<DistillGraph, IInferencePath> Default { get; } = graph => new GraphInferencePath(graph);
}
