using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Summary;

namespace DistillDsl.PowerShell.Output;

/// <summary>Builds the output objects of the config cmdlets from the spec records.</summary>
internal static class DistillConfigDescriptions
{
    public static DistillConfigInfo Describe(DistillSpec spec, string source)
    {
        ArchitectureDescription architecture = ArchitectureSummary.Describe(spec);
        return new DistillConfigInfo(
            spec.Name,
            source,
            spec.Description,
            spec.Input.Height,
            spec.Input.Width,
            spec.Teachers.Select(Describe).ToArray(),
            architecture.TeacherParameters,
            architecture.StudentParameters,
            spec.Training.Optimizer.Kind.ToString().ToLowerInvariant(),
            spec.Training.Epochs,
            spec.Training.BatchSize,
            spec);
    }

    public static DistillConfigDiagnostic Describe(DistillDiagnostic diagnostic) => new(
        diagnostic.Id,
        diagnostic.Severity.ToString(),
        diagnostic.Message,
        diagnostic.Span.FilePath,
        diagnostic.Span.StartLine,
        diagnostic.Span.StartColumn,
        diagnostic.Span.EndLine,
        diagnostic.Span.EndColumn);

    private static DistillConfigTeacher Describe(TeacherSpec teacher) => new(
        teacher.Name,
        teacher.Backbone,
        teacher.Weights.Source == WeightsSource.File ? $"file: {teacher.Weights.FilePath}" : teacher.Weights.Source.ToString().ToLowerInvariant(),
        teacher.Taps.Select(t => t.Name).ToArray(),
        StudentKind(teacher.Student),
        teacher.Alpha);

    private static string StudentKind(StudentSpec student) => student switch
    {
        MirrorStudentSpec => "mirror",
        ReducedResNetStudentSpec => "reduced_resnet",
        LightStudentSpec => "light",
        ReverseDistillationStudentSpec => "reverse_distillation",
        MemoryBankStudentSpec => "memory_bank",
        _ => student.GetType().Name,
    };
}
