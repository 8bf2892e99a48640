using DistillDsl.Backbones.ResNet;
using DistillDsl.Students;
using DistillDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

public class StudentTrainerTests
{
    private static readonly string[] Taps = ["stem", "layer1", "layer2"];

    [Fact]
    public void The_student_learns_and_the_teacher_does_not_change()
    {
        manual_seed(1);
        using var teacher = new ResNet18(ResNet18Options.Torchvision);
        using var student = new ReducedResNetStudent(Taps);
        Dictionary<string, Tensor> teacherBefore = teacher.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using Tensor images = randn(4, 3, 32, 32);

        var reports = new List<TrainingProgress>();
        var losses = new StudentTrainer(teacher, student, Taps).Train(_ => [images], epochs: 15, batchesPerEpoch: 1, learningRate: 0.05,
            new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(15, losses.Count);
        Assert.True(losses[^1] < 0.7 * losses[0], $"loss went from {losses[0]:F4} to {losses[^1]:F4}");
        foreach (var (name, value) in teacher.state_dict())
        {
            Assert.True(value.eq(teacherBefore[name]).all().item<bool>(), $"teacher tensor {name} changed during training");
        }
        Assert.Equal(15, reports.Count);
        Assert.Equal((15, 1, 1), (reports[^1].Epoch, reports[^1].Batch, reports[^1].Batches));
        Assert.False(student.training);
    }

    [Fact]
    public void A_non_finite_loss_stops_the_run_with_a_message()
    {
        using var teacher = new ResNet18(ResNet18Options.Torchvision);
        using var student = new ReducedResNetStudent(Taps);
        using Tensor images = full(2, 3, 32, 32, float.NaN);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new StudentTrainer(teacher, student, Taps).Train(_ => [images], epochs: 1, batchesPerEpoch: 1, learningRate: 0.1));
        Assert.Contains("NaN", error.Message);
    }
}
