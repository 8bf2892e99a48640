using DistillDsl.Configs;
using DistillDsl.Graphs;

namespace DistillDsl.Timing;

/// <summary>What a <see cref="TimingSweep"/> measures: every combination of config, device, image size, thread count and
/// batch size.</summary>
public sealed record TimingSweepOptions
{
    /// <summary>Compiled config names or YAML file paths.</summary>
    public required IReadOnlyList<string> Configs { get; init; }

    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 8, 16];

    /// <summary>Sides of square inputs; null times each config at its own input size. Graphs at another size are rescaled as
    /// <see cref="Configs.SpecRescaling.AtImageSize"/> does.</summary>
    public IReadOnlyList<int>? ImageSizes { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>.</summary>
    public IReadOnlyList<string> Devices { get; init; } = ["cpu"];

    /// <summary>Torch intra-op thread counts; null keeps the current count. The count in force before the sweep is restored after it.</summary>
    public IReadOnlyList<int>? Threads { get; init; }

    /// <summary>Untimed runs before the timed ones of each point (first-call allocations, caches).</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Timed runs per point.</summary>
    public int Iterations { get; init; } = 20;

    /// <summary>Give every teacher seeded random weights instead of loading files, so configs whose weights are not on this
    /// machine (EfficientNet-b0 for MixedTeacher) can be timed; the latency does not depend on the weights' values.</summary>
    public bool RandomTeacherWeights { get; init; }

    /// <summary>Where teacher weights are looked for (torch hub folders, weights cache); device and random weights are set by
    /// the sweep.</summary>
    public GraphBuildOptions BuildOptions { get; init; } = new();

    /// <summary>The implementation timed for each built graph.</summary>
    public Func<DistillGraph, IInferencePath> InferencePath { get; init; } = InferencePaths.Default;
}
