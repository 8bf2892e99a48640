using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using DistillDsl.Students;
using static DistillDsl.Tests.Students.StudentSpecs;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Students;

public class ReducedResNetStudentTests
{
    private static readonly string[] PaperTaps = ["stem", "layer1", "layer2", "layer3"];

    [Theory]
    [InlineData(ResidualBlockKind.Conv)]
    [InlineData(ResidualBlockKind.Basic)]
    public void Outputs_the_shapes_shape_inference_declares(ResidualBlockKind block)
    {
        // Mixed widths, strides and block counts, so every rule of the shape inference is exercised.
        var spec = Reduced(block, stemTap: true, Stage("layer1", 2, 0.5, 2), Stage("layer2", 1, 0.5, 2), Stage("layer3", 2, 1.0, 1));
        using var student = new ReducedResNetStudent(spec, PaperTaps);
        using Tensor input = randn(2, 3, 60, 60);

        var outputs = student.forward(input);

        var declared = ShapeInference.StudentOutputs(Teacher(BackboneCatalog.ResNet18, spec, PaperTaps), BackboneCatalog.ResNet18Info, Input(60));
        Assert.Equal(declared.Select(o => o.Tap), outputs.Keys);
        foreach (TapOutput output in declared)
        {
            Assert.Equal(new long[] { 2, output.Shape.Channels, output.Shape.Height, output.Shape.Width }, outputs[output.Tap].shape);
        }
        Assert.Equal(new long[] { 2, 256, 4, 4 }, outputs["layer3"].shape); // 60 → stem 15 → 8 → 4 → 4
    }

    [Fact]
    public void Stages_are_submodules_named_after_their_taps_and_only_tapped_ones_are_output()
    {
        var spec = Reduced(ResidualBlockKind.Conv, stemTap: false, Stage("layer1", 1, 1.0, 1), Stage("layer2", 1, 1.0, 2));
        using var student = new ReducedResNetStudent(spec, ["layer2"]);

        Assert.Equal(["stem", "layer1", "layer2"], student.named_children().Select(c => c.name));
        Assert.Equal(["layer2"], student.OutputTaps);
        Assert.Equal(["layer2"], student.forward(randn(1, 3, 32, 32)).Keys);
    }

    [Fact]
    public void A_conv_block_is_one_3x3_conv_with_batch_norm()
    {
        var spec = Reduced(ResidualBlockKind.Conv, stemTap: true, Stage("layer1", 2, 0.5, 2));
        using var student = new ReducedResNetStudent(spec, ["stem", "layer1"]);
        var parameters = student.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(new long[] { 32, 64, 3, 3 }, parameters["layer1.0.conv.weight"]);
        Assert.Equal(new long[] { 32, 32, 3, 3 }, parameters["layer1.1.conv.weight"]);
        Assert.Equal(new long[] { 32 }, parameters["layer1.1.bn.weight"]);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, parameters["stem.conv1.weight"]);
        Assert.Equal(2, parameters.Keys.Count(k => k.StartsWith("layer1.") && k.EndsWith("conv.weight")));
    }

    [Fact]
    public void A_basic_block_projects_its_shortcut_only_when_stride_or_width_changes()
    {
        var spec = Reduced(ResidualBlockKind.Basic, stemTap: false, Stage("layer1", 2, 1.0, 1), Stage("layer2", 1, 1.0, 2));
        using var student = new ReducedResNetStudent(spec, ["layer1", "layer2"]);
        var parameters = student.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        // layer1: 64 → 64 at stride 1, no projection; layer2: 64 → 128 at stride 2, a 1×1/2 projection.
        Assert.DoesNotContain(parameters.Keys, k => k.StartsWith("layer1.") && k.Contains("downsample"));
        Assert.Equal(new long[] { 64, 64, 3, 3 }, parameters["layer1.1.conv2.weight"]);
        Assert.Equal(new long[] { 128, 64, 1, 1 }, parameters["layer2.0.downsample.0.weight"]);
        Assert.Equal(new long[] { 128, 128, 3, 3 }, parameters["layer2.0.conv2.weight"]);
    }
}
