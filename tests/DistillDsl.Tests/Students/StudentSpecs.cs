using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;

namespace DistillDsl.Tests.Students;

/// <summary>Spec records written directly (students do not need a whole config).</summary>
internal static class StudentSpecs
{
    public static readonly SourceSpan Span = SourceSpan.StartOf("test");

    public static ReducedStageSpec Stage(string name, int blocks, double widthRatio, int stride) => new(name, blocks, widthRatio, stride, Span, Span);

    public static ReducedResNetStudentSpec Reduced(ResidualBlockKind block, bool stemTap, params ReducedStageSpec[] stages) =>
        new(block, stemTap, new EquatableArray<ReducedStageSpec>(stages), Span);

    /// <summary>A teacher with unpooled taps and the given student, for <see cref="Spec.Shapes.ShapeInference.StudentOutputs"/>.</summary>
    public static TeacherSpec Teacher(string backbone, StudentSpec student, params string[] taps) => new(
        "teacher", backbone, new WeightsSpec(WeightsSource.Random, null, Span), InputNormalization.ImageNet, 1.0, 0, 1,
        new EquatableArray<TapSpec>(taps.Select(t => new TapSpec(t, null, null, 1.0, Span, Span))), student, Span, Span, Span, Span, Span);

    public static InputSpec Input(int side) => new(side, side, Span);
}
