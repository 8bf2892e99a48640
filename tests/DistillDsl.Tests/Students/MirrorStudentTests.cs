using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Students;
using static DistillDsl.Tests.Students.StudentSpecs;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Students;

public class MirrorStudentTests
{
    [Fact]
    public void A_pretrained_mirror_in_eval_mode_computes_exactly_the_teachers_taps()
    {
        using var teacher = new EfficientNetB0();
        SeededInitialisation.Apply(teacher, 3);
        teacher.eval();
        string[] taps = ["stage5", "stage7"];
        using var student = new MirrorStudent(teacher, new MirrorStudentSpec(StudentInit.Pretrained, Span), taps);
        student.eval();
        using Tensor input = randn(2, 3, 64, 64);

        var expected = teacher.ForwardTaps(input, taps);
        var actual = student.forward(input);

        Assert.Equal(["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7"], student.StageNames);
        foreach (string tap in taps)
        {
            Assert.True(actual[tap].allclose(expected[tap], rtol: 0, atol: 1e-6), $"{tap} differs from the teacher's");
        }
        // A copy, not the same tensors: training the student must not touch the teacher.
        Assert.DoesNotContain(student.parameters(), p => teacher.parameters().Any(t => t.Handle == p.Handle));
    }

    [Fact]
    public void A_random_mirror_has_the_teachers_layers_up_to_the_deepest_tap_with_other_values()
    {
        using var teacher = new ResNet18(ResNet18Options.Torchvision);
        SeededInitialisation.Apply(teacher, 3);
        using var student = new MirrorStudent(teacher, new MirrorStudentSpec(StudentInit.Random, Span), ["layer1", "layer2"]);
        SeededInitialisation.Apply(student, 4);

        var teacherParameters = teacher.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var studentParameters = student.named_parameters().ToList();
        Assert.Equal(["stem", "layer1", "layer2"], student.StageNames);
        Assert.DoesNotContain(studentParameters, p => p.name.StartsWith("layer3") || p.name.StartsWith("fc"));
        foreach (var (name, parameter) in studentParameters)
        {
            // stem.conv1.weight ↔ conv1.weight, layer1.0.conv1.weight ↔ layer1.0.conv1.weight
            Tensor twin = teacherParameters[name.StartsWith("stem.") ? name["stem.".Length..] : name];
            Assert.Equal(twin.shape, parameter.shape);
        }
        Assert.False(studentParameters.Single(p => p.name == "stem.conv1.weight").parameter.allclose(teacherParameters["conv1.weight"]));
        Assert.Equal(new long[] { 2, 128, 8, 8 }, student.forward(randn(2, 3, 64, 64))["layer2"].shape);
    }

    [Fact]
    public void The_mirror_of_a_cntk_layout_teacher_has_its_three_layer4_blocks()
    {
        using var teacher = new ResNet18(ResNet18Options.Cntk);
        using var student = new MirrorStudent(teacher, new MirrorStudentSpec(StudentInit.Random, Span), ["layer4"]);
        Assert.Contains(student.named_parameters(), p => p.name == "layer4.2.conv1.weight");
    }
}
