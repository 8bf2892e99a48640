using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>A teacher's <c>downsample</c>: the block mean against hand-computed values, and a branch's teacher and student
/// features against the networks run here on the normalised image averaged by reshaping.</summary>
public class InputDownsampleTests
{
    [Fact]
    public void Apply_averages_each_block()
    {
        // One channel, 4×4: rows [0 1 2 3], [4 5 6 7], [8 9 10 11], [12 13 14 15]; 2×2 blocks.
        using Tensor image = arange(16, dtype: float32).reshape(1, 1, 4, 4);
        using Tensor blocks = InputDownsample.Apply(image, 2);
        Assert.Equal([1L, 1, 2, 2], blocks.shape);
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], blocks.data<float>().ToArray());
    }

    [Fact]
    public void Factor_one_leaves_the_input_alone()
    {
        using Tensor image = ones(1, 3, 8, 8);
        Assert.Same(image, InputDownsample.Apply(image, 1));
    }

    [Fact]
    public void Teacher_and_student_read_the_normalised_image_at_half_resolution()
    {
        DistillSpec spec = TestSpecs.WithTeachers(string.Join("\n",
            "  - name: resnet",
            "    backbone: resnet18",
            "    weights: random",
            "    downsample: 2",
            "    taps: [layer1, layer2]",
            "    student: { kind: mirror }"));
        using var graph = new DistillGraph(spec, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 3 });
        graph.eval();
        DistillBranch branch = graph.Branches.Single();
        using var scope = NewDisposeScope();
        int side = TestSpecs.SmallSide;
        Tensor rgb = rand(2, 3, side, side, generator: new Generator(6));

        var features = branch.Features(rgb);

        Tensor half = branch.Normalization.Apply(rgb).reshape(2, 3, side / 2, 2, side / 2, 2).mean([3, 5]);
        var teacher = branch.Teacher.ForwardTaps(half, ["layer1", "layer2"]);
        var student = branch.StudentNetwork.Forward(half, null);
        Assert.Equal(new long[] { 2, 64, side / 8, side / 8 }, features[0].Pair.Teacher.shape);
        Assert.Equal(new long[] { 2, 128, side / 16, side / 16 }, features[1].Pair.Teacher.shape);
        Assert.True(features[0].Pair.Teacher.allclose(teacher["layer1"], rtol: 1e-5, atol: 1e-5));
        Assert.True(features[1].Pair.Teacher.allclose(teacher["layer2"], rtol: 1e-5, atol: 1e-5));
        Assert.True(features[0].Pair.Student.allclose(student["layer1"], rtol: 1e-5, atol: 1e-5));
        Assert.True(features[1].Pair.Student.allclose(student["layer2"], rtol: 1e-5, atol: 1e-5));
    }
}
