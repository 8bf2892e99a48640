using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Graphs;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Configs;

/// <summary>Rebuilding a spec, and a graph, at another image size.</summary>
public class SpecRescalingTests
{
    [Fact]
    public void Adaptive_pool_sizes_scale_with_the_image_and_nothing_else_changes()
    {
        DistillSpec paper = TestSpecs.Shipped("reduced_student_paper");   // 256: layer1/2/3 pooled to 32, 16, 8

        DistillSpec at224 = SpecRescaling.AtImageSize(paper, 224);

        Assert.Equal((224, 224), (at224.Input.Height, at224.Input.Width));
        Assert.Equal([(28, 28), (14, 14), (7, 7)], AdaptiveSizes(at224));
        Assert.Equal(paper.Teachers[0].Student, at224.Teachers[0].Student);
        Assert.Equal(paper.Teachers[0].Taps[0], at224.Teachers[0].Taps[0]);   // the stem tap has no pool
        Assert.Equal(paper.Training, at224.Training);
        Assert.Same(paper, SpecRescaling.AtImageSize(paper, 256));
    }

    [Fact]
    public void A_size_that_does_not_scale_a_pool_exactly_names_the_tap()
    {
        var error = Assert.Throws<ArgumentException>(() => SpecRescaling.AtImageSize(TestSpecs.Shipped("reduced_student_paper"), 100));
        Assert.Contains("'layer1'", error.Message);
        Assert.Contains("32 × 100 / 256", error.Message);
    }

    [Fact]
    public void A_size_the_validator_rejects_lists_its_diagnostics()
    {
        // reduced_student_code pools layer2 (stride 8) with an avg kernel of 2: at 8 pixels that leaves less than 1 × 1.
        var error = Assert.Throws<ArgumentException>(() => SpecRescaling.AtImageSize(TestSpecs.Shipped("reduced_student_code"), 8));
        Assert.Contains("image size 8", error.Message);
        Assert.Contains("DD0018", error.Message);
    }

    [Fact]
    public void Build_gives_a_compiled_config_at_another_size_that_runs_there()
    {
        using DistillGraph graph = ConfigSource.Resolve("reduced_student_code").BuildGraph(64, new GraphBuildOptions { RandomTeacherWeights = true });
        Assert.Equal(64, graph.Spec.Input.Height);
        Assert.IsType<ReducedStudentCodeGraph>(graph);   // the generated class at any size
        using var scope = NewDisposeScope();
        using GraphFeatures features = graph.forward(rand(1, 3, 64, 64));
        Assert.Equal([1, 128, 4, 4], features.Teacher("resnet", "layer2").shape);   // 8 × 8 at stride 8, avg pooled by 2
    }

    private static List<(int, int)> AdaptiveSizes(DistillSpec spec) =>
        spec.Teachers[0].Taps.Select(t => t.Pool).OfType<AdaptiveAvgPoolSpec>().Select(p => (p.Height, p.Width)).ToList();
}
