using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Model
{
    /// <summary>One distillation architecture, as one YAML config describes it: the teachers (each with its taps
    /// and its student), the loss, the anomaly map, the image score and the training preset.
    /// Records compare by value, source spans included.</summary>
    public sealed record DistillSpec(
        string Name,
        string? Description,
        InputSpec Input,
        EquatableArray<TeacherSpec> Teachers,
        LossSpec Loss,
        AnomalyMapSpec AnomalyMap,
        ScoreSpec Score,
        TrainingSpec Training,
        SourceSpan Span,
        SourceSpan NameSpan);
}
