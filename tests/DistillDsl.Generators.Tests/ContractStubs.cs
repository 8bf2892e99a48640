// STAND-INS for the runtime's graph contract (src/DistillDsl/Graphs, as /work/briefs/graph-contract.md defines it),
// kept ONLY in this test project so CompileTests can check that generated code compiles before the runtime exists.
// The signatures copy the contract; the bodies do nothing. Once the runtime lands and references the generator, the
// integration test that builds src/DistillDsl with the generated classes replaces these stubs; delete this file then.
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
