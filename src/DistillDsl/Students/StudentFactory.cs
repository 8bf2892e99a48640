using DistillDsl.Backbones;
using DistillDsl.Methods.MemoryBank;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Students;

/// <summary>Builds the student a teacher spec asks for, against the already built teacher (a mirror copies its layout).</summary>
public static class StudentFactory
{
    /// <param name="map">The config's anomaly map: a memory bank searches in the space it measures.</param>
    /// <param name="input">The config's input size (the teacher reads it after its downsample), for the pooled taps' channels a
    /// memory bank stores.</param>
    public static IDistillStudent Build(TeacherSpec spec, ITappedBackbone teacher, AnomalyMapSpec map, InputSpec input)
    {
        var taps = spec.Taps.Select(t => t.Name).ToList();
        return spec.Student switch
        {
            MemoryBankStudentSpec bank => new MemoryBankStudent(bank,
                ShapeInference.StudentOutputs(spec, teacher.Info, TeacherInput.Of(spec, input))
                    .Select(o => (o.Tap, (long)o.Shape.Channels, MemoryBankStudent.SearchesNormalized(map, spec.Taps.First(t => t.Name == o.Tap)))).ToList()),
            ReverseDistillationStudentSpec reverse => new ReverseDistillationStudent(reverse, teacher.Info, taps),
            MirrorStudentSpec mirror => new MirrorStudent(teacher, mirror, taps),
            ReducedResNetStudentSpec reduced => new ReducedResNetStudent(reduced, taps),
            LightStudentSpec light => new LightStudent(light, teacher.Info, taps),
            _ => throw new NotSupportedException($"Unknown student kind {spec.Student.GetType().Name} of teacher '{spec.Name}'."),
        };
    }
}
