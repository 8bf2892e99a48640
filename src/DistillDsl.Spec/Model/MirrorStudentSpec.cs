namespace DistillDsl.Spec.Model
{
    /// <summary>How a mirror student starts.</summary>
    public enum StudentInit
    {
        /// <summary>Random initialisation (STPM).</summary>
        Random,

        /// <summary>A copy of the teacher's weights (the authors' code for EfficientNet: an ImageNet-pretrained student).</summary>
        Pretrained,
    }

    /// <summary>The teacher's own architecture as student; its outputs are the teacher's unpooled taps.</summary>
    public sealed record MirrorStudentSpec(StudentInit Init, SourceSpan Span) : StudentSpec(Span);
}
