namespace DistillDsl.Spec.Model
{
    /// <summary>The paper's EfficientNet student (§4.2): one convolution (+ batch norm + ReLU) per backbone block,
    /// from the first block of the catalog up to the deepest tap, each with the block's stride step and
    /// <paramref name="WidthRatio"/> × the block's channels.</summary>
    public sealed record LightStudentSpec(int Kernel, double WidthRatio, SourceSpan Span) : StudentSpec(Span);
}
