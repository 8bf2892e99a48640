using DistillDsl.Graphs;

namespace DistillDsl.Fusion;

/// <summary>Builds one fused part per teacher of a graph.</summary>
internal static class PerBranch
{
    /// <summary>One <typeparamref name="T"/> per branch, config order. When building one throws (a module the fusion does not
    /// know), the ones already built are disposed before the exception leaves, so their weight copies are not left to the
    /// finaliser.</summary>
    public static List<T> Build<T>(DistillGraph graph, Func<DistillBranch, T> build) where T : IDisposable
    {
        var built = new List<T>(graph.Branches.Count);
        try
        {
            foreach (DistillBranch branch in graph.Branches) built.Add(build(branch));
            return built;
        }
        catch
        {
            foreach (T part in built) part.Dispose();
            throw;
        }
    }
}
