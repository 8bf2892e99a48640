using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using DistillDsl.Students;
using static DistillDsl.Tests.Students.StudentSpecs;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Students;

public class LightStudentTests
{
    [Fact]
    public void One_conv_per_efficientnet_block_up_to_the_deepest_tap_with_the_declared_shapes()
    {
        var spec = new LightStudentSpec(3, 0.5, Span);
        string[] taps = ["stage5", "stage6"];
        using var student = new LightStudent(spec, BackboneCatalog.EfficientNetB0Info, taps);

        Assert.Equal(["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6"], student.StageNames);
        var weights = student.named_parameters().Where(p => p.name.EndsWith("conv.weight")).ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(7, weights.Count);
        Assert.Equal(new long[] { 16, 3, 3, 3 }, weights["stem.conv.weight"]);        // 32 × 0.5
        Assert.Equal(new long[] { 96, 56, 3, 3 }, weights["stage6.conv.weight"]);     // 192 × 0.5 from 112 × 0.5

        var outputs = student.forward(randn(2, 3, 64, 64));
        var declared = ShapeInference.StudentOutputs(Teacher(BackboneCatalog.EfficientNetB0, spec, taps), BackboneCatalog.EfficientNetB0Info, Input(64));
        Assert.Equal(taps, outputs.Keys);
        foreach (TapOutput output in declared)
        {
            Assert.Equal(new long[] { 2, output.Shape.Channels, output.Shape.Height, output.Shape.Width }, outputs[output.Tap].shape);
        }
        Assert.Equal(new long[] { 2, 96, 2, 2 }, outputs["stage6"].shape);
    }

    [Fact]
    public void Each_block_takes_its_catalog_stride_step_and_the_kernel_of_the_spec()
    {
        using var student = new LightStudent(new LightStudentSpec(1, 1.0, Span), BackboneCatalog.ResNet18Info, ["layer2"]);

        Assert.Equal(["stem", "layer1", "layer2"], student.StageNames);
        Assert.Equal(new long[] { 64, 3, 1, 1 }, student.named_parameters().Single(p => p.name == "stem.conv.weight").parameter.shape);
        var outputs = student.forward(randn(1, 3, 64, 64));
        Assert.Equal(new long[] { 1, 128, 8, 8 }, outputs["layer2"].shape); // strides 4, 1, 2
    }
}
