using DistillDsl.Spec.Backbones;
using DistillDsl.Students;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Students;

public class ReducedResNetStudentTests
{
    [Fact]
    public void Outputs_the_teacher_shapes_at_each_tap()
    {
        using var student = new ReducedResNetStudent(["stem", "layer1", "layer2", "layer3"]);
        using Tensor input = randn(2, 3, 64, 64);
        var outputs = student.forward(input);
        foreach (string tap in ReducedResNetStudent.SupportedTaps)
        {
            TapInfo info = BackboneCatalog.ResNet18Info.FindTap(tap)!;
            Assert.Equal(new long[] { 2, info.Channels, 64 / info.Stride, 64 / info.Stride }, outputs[tap].shape);
        }
    }

    [Fact]
    public void Stops_at_the_deepest_requested_tap_and_is_lighter_than_the_teacher_stages()
    {
        using var shallow = new ReducedResNetStudent(["stem", "layer1"]);
        using var deep = new ReducedResNetStudent(["layer3"]);
        Assert.DoesNotContain(shallow.named_parameters(), p => p.name.StartsWith("stages.1"));
        Assert.Contains(deep.named_parameters(), p => p.name.StartsWith("stages.2"));
        // ResNet-18 up to layer3 has 2.78 M parameters; one conv per block must be clearly fewer.
        long count = deep.parameters().Sum(p => p.numel());
        Assert.InRange(count, 1_000_000, 1_600_000);
    }

    [Fact]
    public void Unknown_tap_is_rejected_with_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReducedResNetStudent(["layer4"]));
        Assert.Contains("stem, layer1, layer2, layer3", error.Message);
    }
}
