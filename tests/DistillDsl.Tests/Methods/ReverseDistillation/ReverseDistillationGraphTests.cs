using DistillDsl.Evaluation;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Students;
using DistillDsl.Tests.Graphs;
using DistillDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Methods.ReverseDistillation;

/// <summary>configs/reverse_distillation.yaml as a graph: the decoder student gives the teacher's tap shapes at the paper's
/// 256² and at 128², reads only the teacher's taps, and is laid out bottleneck first, then the decoder stages.</summary>
public class ReverseDistillationGraphTests
{
    private static readonly GraphBuildOptions Options = new() { RandomTeacherWeights = true, Seed = 3 };

    [Theory]
    [InlineData(256)]
    [InlineData(128)]
    public void The_student_reproduces_every_tap_at_the_teachers_shape(int side)
    {
        using var graph = new DistillGraph(TestSpecs.AtInput(TestSpecs.Shipped("reverse_distillation"), side), Options);
        graph.eval();
        using var scope = NewDisposeScope();
        Tensor rgb = rand(1, 3, side, side, generator: new Generator(2));

        using var noGrad = no_grad();
        using GraphFeatures features = graph.forward(rgb);

        var expected = new Dictionary<string, long[]>
        {
            ["layer1"] = [1, 64, side / 4, side / 4],
            ["layer2"] = [1, 128, side / 8, side / 8],
            ["layer3"] = [1, 256, side / 16, side / 16],
        };
        Assert.Equal(expected.Keys, features.Keys.Select(k => k.Tap));
        foreach (var (tap, shape) in expected)
        {
            Assert.Equal(shape, features.Teacher("resnet", tap).shape);
            Assert.Equal(shape, features.Student("resnet", tap).shape);
        }
        Tensor map = graph.AnomalyMap(features, side, side);
        Assert.Equal(new long[] { 1, 1, side, side }, map.shape);
        // 1 − cos summed over three taps lies in [0, 6]; the Gaussian keeps it there.
        Assert.True(map.min().item<float>() >= 0 && map.max().item<float>() <= 6, "the map leaves [0, 6]");
    }

    [Fact]
    public void The_student_reads_the_teachers_taps_and_never_the_image()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reverse_distillation"), Options);
        graph.eval();
        DistillBranch branch = graph.Branches.Single();
        Assert.Equal(StudentInput.TeacherTaps, branch.StudentNetwork.Input);
        Assert.IsType<ReverseDistillationStudent>(branch.StudentNetwork);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(4));

        using GraphFeatures features = graph.forward(rgb);
        var teacherTaps = branch.Spec.Taps.Select(t => features.Teacher(branch.Name, t.Name)).ToList();
        Dictionary<string, Tensor> fromTaps = branch.StudentNetwork.Forward(null, teacherTaps);

        foreach (var tap in branch.Spec.Taps)
        {
            Assert.True(fromTaps[tap.Name].eq(features.Student(branch.Name, tap.Name)).all().item<bool>(), $"tap {tap.Name}");
        }
        Assert.Throws<ArgumentNullException>(() => branch.StudentNetwork.Forward(rgb, null));
    }

    /// <summary>Evaluation and training would fall back to slower paths for a module they cannot fuse: not for this one.</summary>
    [Fact]
    public void Scoring_runs_the_fast_path_and_training_the_fused_teacher()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reverse_distillation"), Options);
        using var scoring = new GraphScoring(graph);
        using var forward = new TrainingForward(graph);

        Assert.True(scoring.IsFast, "the fast path could not fuse the reverse distillation graph");
        Assert.True(forward.UsesFusedTeachers);
        Assert.Equal(ChannelsLastSupport.Problem is null, forward.ChannelsLast);
    }

    [Fact]
    public void Submodules_come_in_forward_order_and_the_transposed_convolutions_are_seeded()
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall("reverse_distillation"), Options);
        using var again = new DistillGraph(TestSpecs.ShippedSmall("reverse_distillation"), Options);
        nn.Module student = graph.Branches[0].Student;

        Assert.Equal(["bottleneck", "layer3", "layer2", "layer1"], student.named_children().Select(c => c.name));
        Assert.Equal(["reduce_layer1", "reduce_layer2", "stage"], student.named_children().First().module.named_children().Select(c => c.name));
        var names = student.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("layer3.0.conv1.weight", names);
        Assert.Contains("layer3.0.upsample.0.weight", names);
        // The same seed gives the same students, transposed convolutions included.
        var first = student.state_dict();
        var second = again.Branches[0].Student.state_dict();
        Assert.All(first, p => Assert.True(p.Value.eq(second[p.Key]).all().item<bool>(), p.Key));
        Tensor upsampling = first["layer3.0.conv1.weight"];
        Assert.Equal(new long[] { 512, 256, 2, 2 }, upsampling.shape);
        Assert.True(upsampling.abs().max().item<float>() <= 1 / Math.Sqrt(256 * 4) + 1e-6, "not PyTorch's default range");
    }
}
