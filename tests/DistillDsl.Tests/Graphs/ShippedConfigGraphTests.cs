using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using DistillDsl.Spec.Validation;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>Every shipped config, built with seeded random teacher weights at 64×64 (adaptive pool sizes scaled with the
/// input, see <see cref="TestSpecs.AtInput"/>), runs end to end with the shapes <see cref="ShapeInference"/> declares.</summary>
public class ShippedConfigGraphTests
{
    private const int Batch = 2;
    private static readonly GraphBuildOptions Options = new() { RandomTeacherWeights = true, Seed = 7 };

    public static TheoryData<string> Configs => TestSpecs.ShippedConfigNames();

    [Fact]
    public void All_eight_shipped_configs_are_tested()
    {
        Assert.Equal(
            ["layers_1_2", "layers_2_3", "mixed_teacher_code", "mixed_teacher_paper", "reduced_student_code", "reduced_student_paper",
             "reverse_distillation", "stpm", "texture_best"],
            ((IEnumerable<object[]>)Configs).Select(row => (string)row[0]).ToArray());
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Forward_gives_the_declared_shapes_and_loss_map_and_score_are_well_formed(string config)
    {
        DistillSpec spec = TestSpecs.ShippedSmall(config);
        Assert.Empty(DistillSpecValidator.Validate(spec));
        using var graph = TestSpecs.WithTestQuantiles(new DistillGraph(spec, Options));
        graph.train();
        using Tensor rgb = rand(Batch, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(1));

        using GraphFeatures features = graph.forward(rgb);

        var expectedKeys = spec.Teachers.SelectMany(t => t.Taps.Select(tap => (t.Name, tap.Name))).ToList();
        Assert.Equal(expectedKeys, features.Keys);
        foreach (TeacherSpec teacher in spec.Teachers)
        {
            BackboneInfo backbone = BackboneCatalog.Get(teacher.Backbone);
            InputSpec input = TeacherInput.Of(teacher, spec.Input);
            var studentShapes = ShapeInference.StudentOutputs(teacher, backbone, input).ToDictionary(o => o.Tap, o => o.Shape);
            foreach (TapSpec tap in teacher.Taps)
            {
                FeatureShape declared = ShapeInference.PooledTeacherTap(backbone.FindTap(tap.Name)!, tap, input);
                Assert.Equal(Dims(declared), features.Teacher(teacher.Name, tap.Name).shape);
                Assert.Equal(Dims(studentShapes[tap.Name]), features.Student(teacher.Name, tap.Name).shape);
            }
        }

        using Tensor loss = graph.Loss(features);
        Assert.Equal(0, loss.dim());
        float value = loss.item<float>();
        Assert.True(float.IsFinite(value) && value > 0, $"loss {value}");

        // A memory bank has nothing to train, so its loss has no gradient to follow.
        bool trainable = graph.StudentParameters().Any();
        if (trainable) loss.backward();
        foreach (DistillBranch branch in graph.Branches.Where(_ => trainable))
        {
            Assert.All(branch.Teacher.AsModule().parameters(), p => Assert.True(p.grad is null, "a teacher parameter received a gradient"));
            var grads = branch.Student.parameters().Select(p => p.grad).ToList();
            Assert.All(grads, g => Assert.NotNull(g));
            Assert.Contains(grads, g => g!.abs().max().item<float>() > 0);
        }

        using (no_grad())
        {
            using Tensor map = graph.AnomalyMap(features, TestSpecs.SmallSide, TestSpecs.SmallSide);
            Assert.Equal(new long[] { Batch, 1, TestSpecs.SmallSide, TestSpecs.SmallSide }, map.shape);
            Assert.True(map.isfinite().all().item<bool>(), "the anomaly map has non-finite values");
            using Tensor scores = graph.Score(map);
            Assert.Equal(new long[] { Batch }, scores.shape);
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Student_parameters_exclude_every_teacher_parameter_and_train_keeps_teachers_in_eval(string config)
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall(config), Options);

        var teacherParameters = graph.Branches.SelectMany(b => b.Teacher.AsModule().parameters()).Select(p => p.Handle).ToHashSet();
        var studentParameters = graph.StudentParameters().ToList();
        // Every student trains but a memory bank, whose rows are buffers.
        bool memoryBanks = graph.Spec.Teachers.All(t => t.Student is MemoryBankStudentSpec);
        Assert.Equal(!memoryBanks, studentParameters.Count > 0);
        Assert.DoesNotContain(studentParameters, p => teacherParameters.Contains(p.Handle));
        Assert.All(studentParameters, p => Assert.True(p.requires_grad));
        Assert.All(graph.Branches.SelectMany(b => b.Teacher.AsModule().parameters()), p => Assert.False(p.requires_grad));
        // Teachers and students are all the graph has.
        Assert.Equal(teacherParameters.Count + studentParameters.Count, graph.parameters().Count());

        graph.train();
        foreach (DistillBranch branch in graph.Branches)
        {
            Assert.True(branch.Student.training);
            Assert.False(branch.Teacher.AsModule().training);
            Assert.All(branch.Teacher.AsModule().modules(), m => Assert.False(m.training, $"teacher submodule {m.GetName()} is training"));
        }
        graph.eval();
        Assert.All(graph.Branches, b => Assert.False(b.Student.training));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_same_spec_and_seed_give_identical_parameters_and_another_seed_other_students(string config)
    {
        DistillSpec spec = TestSpecs.ShippedSmall(config);
        using var first = new DistillGraph(spec, Options);
        using var second = new DistillGraph(spec, Options);
        using var reseeded = new DistillGraph(spec, Options with { Seed = Options.Seed + 1 });

        var a = first.state_dict();
        var b = second.state_dict();
        var c = reseeded.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a, entry => Assert.True(Same(entry.Value, b[entry.Key]), $"{entry.Key} differs between two builds"));
        Assert.Contains(a, entry => entry.Key.Contains(".student.") && !Same(entry.Value, c[entry.Key]));
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static long[] Dims(FeatureShape shape) => [Batch, shape.Channels, shape.Height, shape.Width];
}
