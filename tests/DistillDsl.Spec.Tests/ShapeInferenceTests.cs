using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Tests;

/// <summary>Shape arithmetic at an input that no stride divides (100×60), worked out by hand in the comments.</summary>
public class ShapeInferenceTests
{
    private static readonly SourceSpan Here = SourceSpan.StartOf("test.yaml");
    private static readonly InputSpec Input = new(100, 60, Here);

    private static TeacherSpec Teacher(string backbone, StudentSpec student, params string[] taps) =>
        new("t", backbone, new WeightsSpec(WeightsSource.Random, null, Here), InputNormalization.ImageNet, 1.0, 0, 1,
            taps.Select(t => new TapSpec(t, null, null, 1.0, Here, Here)).ToEquatableArray(), student, Here, Here, Here, Here, Here);

    [Fact]
    public void TeacherTapsRoundEachSideUp()
    {
        // layer2 has stride 8: ⌈100/8⌉ = 13, ⌈60/8⌉ = 8.
        Assert.Equal(new FeatureShape(128, 13, 8), ShapeInference.TeacherTap(BackboneCatalog.ResNet18Info.FindTap("layer2")!, Input));
    }

    [Fact]
    public void PoolingFollowsPyTorchArithmetic()
    {
        var shape = new FeatureShape(128, 13, 8);

        // AvgPool2d(3, 2): ⌊(13 − 3)/2⌋ + 1 = 6, ⌊(8 − 3)/2⌋ + 1 = 3.
        Assert.Equal(new FeatureShape(128, 6, 3), ShapeInference.Pool(shape, new AvgPoolSpec(3, 2, 0, Here)));
        // A kernel larger than the side leaves nothing.
        Assert.Equal(new FeatureShape(128, 0, 0), ShapeInference.Pool(shape, new AvgPoolSpec(14, 14, 0, Here)));
        // AvgPool2d(3, 1, padding 1) keeps the side: (13 + 2 − 3)/1 + 1 = 13.
        Assert.Equal(new FeatureShape(128, 13, 8), ShapeInference.Pool(shape, new AvgPoolSpec(3, 1, 1, Here)));
        Assert.Equal(new FeatureShape(128, 5, 2), ShapeInference.Pool(shape, new AdaptiveAvgPoolSpec(5, 2, Here)));
        Assert.Equal(new FeatureShape(32, 13, 8), ShapeInference.ChannelPool(shape, new ChannelPoolSpec(32, Here)));
    }

    [Fact]
    public void ReducedResNetStagesDivideByTheirStrideAndScaleTheirWidth()
    {
        var student = new ReducedResNetStudentSpec(ResidualBlockKind.Conv, true, EquatableArray.Create(
            new ReducedStageSpec("layer1", 1, 0.5, 2, Here, Here),
            new ReducedStageSpec("layer2", 1, 1.0, 2, Here, Here)), Here);

        var outputs = ShapeInference.StudentOutputs(Teacher(BackboneCatalog.ResNet18, student, "stem", "layer2"), BackboneCatalog.ResNet18Info, Input);

        // stem: ⌈100/4⌉ × ⌈60/4⌉ = 25×15; layer1 (untapped): ⌈25/2⌉ × ⌈15/2⌉ = 13×8, 32 ch; layer2: 7×4, 128 ch.
        Assert.Equal(new[] { new TapOutput("stem", new FeatureShape(64, 25, 15)), new TapOutput("layer2", new FeatureShape(128, 7, 4)) }, outputs);
    }

    [Fact]
    public void LightStudentConvolvesOncePerBlockWithTheCatalogStrideSteps()
    {
        var outputs = ShapeInference.StudentOutputs(
            Teacher(BackboneCatalog.EfficientNetB0, new LightStudentSpec(3, 1.0, Here), "stage3", "stage6"), BackboneCatalog.EfficientNetB0Info, Input);

        // Steps 2,1,2,2,2,1,2: 100→50→50→25→13→7→7→4 and 60→30→30→15→8→4→4→2.
        Assert.Equal(new[] { new TapOutput("stage3", new FeatureShape(40, 13, 8)), new TapOutput("stage6", new FeatureShape(192, 4, 2)) }, outputs);
    }

    [Fact]
    public void MirrorStudentOutputsTheUnpooledTeacherTaps()
    {
        var outputs = ShapeInference.StudentOutputs(
            Teacher(BackboneCatalog.EfficientNetB0, new MirrorStudentSpec(StudentInit.Random, Here), "stage7"), BackboneCatalog.EfficientNetB0Info, Input);

        Assert.Equal(new[] { new TapOutput("stage7", new FeatureShape(320, 4, 2)) }, outputs);
    }
}
