using DistillDsl.Backbones;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Spec.Model;

namespace DistillDsl.Students;

/// <summary>Builds the student a teacher spec asks for, against the already built teacher (a mirror copies its layout).</summary>
public static class StudentFactory
{
    public static IDistillStudent Build(TeacherSpec spec, ITappedBackbone teacher)
    {
        var taps = spec.Taps.Select(t => t.Name).ToList();
        return spec.Student switch
        {
            ReverseDistillationStudentSpec reverse => new ReverseDistillationStudent(reverse, teacher.Info, taps),
            MirrorStudentSpec mirror => new MirrorStudent(teacher, mirror, taps),
            ReducedResNetStudentSpec reduced => new ReducedResNetStudent(reduced, taps),
            LightStudentSpec light => new LightStudent(light, teacher.Info, taps),
            _ => throw new NotSupportedException($"Unknown student kind {spec.Student.GetType().Name} of teacher '{spec.Name}'."),
        };
    }
}
