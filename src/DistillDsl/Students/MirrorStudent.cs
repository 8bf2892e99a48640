using DistillDsl.Backbones;
using DistillDsl.Spec.Model;

namespace DistillDsl.Students;

/// <summary>The teacher's own architecture as student (STPM; the authors' EfficientNet student), with tap-named stages up to
/// the deepest tap, outputting the teacher's unpooled taps. <see cref="StudentInit.Pretrained"/> starts from a copy of the
/// teacher's weights; <see cref="StudentInit.Random"/> from the backbone's own initialisation.</summary>
/// <remarks>A ResNet-18 teacher from the ONNX ImageNet model has the CNTK layout (3 blocks in layer4), and so has its mirror.</remarks>
public sealed class MirrorStudent : StagedStudent
{
    public MirrorStudent(ITappedBackbone teacher, MirrorStudentSpec spec, IReadOnlyCollection<string> teacherTaps)
        : base(nameof(MirrorStudent), TeacherStageCopy.Of(teacher, DeepestIndex(teacher, teacherTaps), spec.Init == StudentInit.Pretrained), teacherTaps)
    {
        Spec = spec;
    }

    public MirrorStudentSpec Spec { get; }

    private static int DeepestIndex(ITappedBackbone teacher, IReadOnlyCollection<string> taps) =>
        taps.Select(teacher.Info.IndexOfTap).DefaultIfEmpty(-1).Max();
}
