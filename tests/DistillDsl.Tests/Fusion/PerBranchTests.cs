using DistillDsl.Fusion;
using DistillDsl.Graphs;

namespace DistillDsl.Tests.Fusion;

public class PerBranchTests
{
    [Fact]
    public void Builds_one_part_per_branch_in_config_order()
    {
        using DistillGraph graph = FastInferenceGraphTests.RandomisedGraph("mixed_teacher_paper");
        List<Part> parts = PerBranch.Build(graph, b => new Part(b.Name));
        Assert.Equal(graph.Branches.Select(b => b.Name), parts.Select(p => p.Branch));
        Assert.All(parts, p => Assert.False(p.Disposed));
    }

    [Fact]
    public void When_one_part_fails_the_parts_already_built_are_disposed_and_the_exception_leaves()
    {
        using DistillGraph graph = FastInferenceGraphTests.RandomisedGraph("mixed_teacher_paper");
        Assert.Equal(2, graph.Branches.Count);
        var built = new List<Part>();
        var error = Assert.Throws<NotSupportedException>(() => PerBranch.Build(graph, b =>
        {
            if (b == graph.Branches[1]) throw new NotSupportedException("second branch");
            var part = new Part(b.Name);
            built.Add(part);
            return part;
        }));
        Assert.Equal("second branch", error.Message);
        Assert.True(Assert.Single(built).Disposed);
    }

    private sealed class Part(string branch) : IDisposable
    {
        public string Branch { get; } = branch;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
