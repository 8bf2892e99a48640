namespace DistillDsl.Spec.Model
{
    /// <summary>The trainable network that imitates one teacher. One subclass per student kind.</summary>
    public abstract record StudentSpec(SourceSpan Span);
}
