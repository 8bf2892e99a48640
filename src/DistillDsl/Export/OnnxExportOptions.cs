using DistillDsl.Graphs;

namespace DistillDsl.Export;

/// <summary>Settings of <see cref="OnnxExporter.Export(string, string, OnnxExportOptions?)"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Where the teachers' weights are found when the checkpoint's graph is rebuilt (torch hub folders, weights cache,
    /// base directory of relative weight files). The device is ignored: export reads the weights on the CPU. The seed and
    /// random-teacher setting always come from the checkpoint.</summary>
    public GraphBuildOptions? Graph { get; init; }
}
