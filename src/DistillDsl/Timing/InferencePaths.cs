using DistillDsl.Graphs;

namespace DistillDsl.Timing;

/// <summary>Which inference implementation timing sweeps measure unless told otherwise.</summary>
public static class InferencePaths
{
    /// <summary>The path a <see cref="TimingSweep"/> wraps each built graph in. To time another implementation, change this one line or set <see cref="TimingSweepOptions.InferencePath"/>.</summary>
    public static Func<DistillGraph, IInferencePath> Default { get; } = graph => new FastInferencePath(graph);

    /// <summary>The graph's own methods, unfused: for comparisons with the fast path.</summary>
    public static Func<DistillGraph, IInferencePath> Plain { get; } = graph => new GraphInferencePath(graph);
}
