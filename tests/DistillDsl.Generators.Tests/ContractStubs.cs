// Stand-ins for the members of the runtime (src/DistillDsl) that generated code uses, with the runtime's signatures, so
// CompileTests can compile emitter output in isolation: this project references the generator, whose compiled-in copy
// of the spec types would clash with the runtime's. The real members are exercised where src/DistillDsl compiles the
// shipped configs with the generator (warnings as errors) and tests/DistillDsl.Tests/Configs/CompiledConfigTests runs them.
using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Graphs
{
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
            Options = options ?? new GraphBuildOptions();
        }

        public DistillGraph(Configs.ConfigSource source, int? imageSize, GraphBuildOptions? options = null)
            : this(source.Spec, options)
        {
            Source = source;
        }

        public DistillSpec Spec { get; }

        public Configs.ConfigSource? Source { get; }

        public GraphBuildOptions Options { get; }

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

        public TapPair Pair(string branch, string tap) => throw new NotSupportedException("Contract stub.");

        public void Dispose()
        {
        }
    }

    public sealed record TapPair(Tensor Teacher, Tensor Student);
}

namespace DistillDsl.Configs
{
    public sealed class ConfigSource
    {
        private ConfigSource(DistillSpec spec) => Spec = spec;

        public DistillSpec Spec { get; }

        public static ConfigSource FromEmbedded(string fileName, string yaml) => throw new NotSupportedException("Contract stub.");
    }
}
