// STAND-INS for the runtime's graph contract (src/DistillDsl/Graphs), so CompileTests can compile emitter output in
// isolation (this project references the generator, whose compiled-in copy of the spec types would clash with the
// runtime's). The real contract is exercised elsewhere: src/DistillDsl compiles the shipped configs with the generator
// (warnings as errors), and tests/DistillDsl.Tests/Configs/CompiledConfigTests runs the generated graphs.
using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

public sealed record GraphBuildOptions
{
    public string Device { get; init; } = "cpu";
    public int Seed { get; init; }
    public string? BaseDirectory { get; init; }
    public string? WeightsCacheDirectory { get; init; }
    public bool RandomTeacherWeights { get; init; }
}

public class DistillGraph : nn.Module<Tensor, GraphFeatures>
{
    public DistillGraph(DistillSpec spec, GraphBuildOptions? options = null)
        : base(nameof(DistillGraph))
    {
        Spec = spec;
        Options = options;
    }

    public DistillSpec Spec { get; }

    public GraphBuildOptions? Options { get; }

    public override GraphFeatures forward(Tensor rgb) => throw new NotSupportedException("Contract stub.");

    public Tensor Loss(GraphFeatures features) => throw new NotSupportedException("Contract stub.");

    public Tensor AnomalyMap(GraphFeatures features, long height, long width) => throw new NotSupportedException("Contract stub.");

    public Tensor Score(Tensor maps) => throw new NotSupportedException("Contract stub.");
}

public sealed class GraphFeatures : IDisposable
{
    public IReadOnlyList<(string Branch, string Tap)> Keys { get; } = Array.Empty<(string, string)>();

    public Tensor Teacher(string branch, string tap) => throw new NotSupportedException("Contract stub.");

    public Tensor Student(string branch, string tap) => throw new NotSupportedException("Contract stub.");

    public void Dispose()
    {
    }
}

public sealed record TapPair(Tensor Teacher, Tensor Student);
