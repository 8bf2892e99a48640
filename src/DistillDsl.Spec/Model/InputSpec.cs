namespace DistillDsl.Spec.Model
{
    /// <summary>The size every image is resized to before it enters the teachers and students.</summary>
    public sealed record InputSpec(int Height, int Width, SourceSpan Span);
}
