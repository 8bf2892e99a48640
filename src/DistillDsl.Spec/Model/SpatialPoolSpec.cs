namespace DistillDsl.Spec.Model
{
    /// <summary>Spatial pooling applied to a teacher tap's features (none is represented by null).</summary>
    public abstract record SpatialPoolSpec(SourceSpan Span);

    /// <summary>Average pooling with a square kernel, no padding (PyTorch AvgPool2d).</summary>
    public sealed record AvgPoolSpec(int Kernel, int Stride, SourceSpan Span) : SpatialPoolSpec(Span);

    /// <summary>Adaptive average pooling to a fixed output size (PyTorch AdaptiveAvgPool2d).</summary>
    public sealed record AdaptiveAvgPoolSpec(int Height, int Width, SourceSpan Span) : SpatialPoolSpec(Span);
}
