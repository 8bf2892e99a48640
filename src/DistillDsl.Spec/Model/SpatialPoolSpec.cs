namespace DistillDsl.Spec.Model
{
    /// <summary>Spatial pooling applied to a teacher tap's features (none is represented by null).</summary>
    public abstract record SpatialPoolSpec(SourceSpan Span);

    /// <summary>Average pooling with a square kernel (PyTorch AvgPool2d). With <paramref name="Padding"/>, each window
    /// averages the features it covers, never the padding (count_include_pad false): with stride 1 and padding
    /// kernel / 2 it is a neighbourhood mean that keeps the tap's size (PatchCore's locally aware patch features).</summary>
    public sealed record AvgPoolSpec(int Kernel, int Stride, int Padding, SourceSpan Span) : SpatialPoolSpec(Span);

    /// <summary>Adaptive average pooling to a fixed output size (PyTorch AdaptiveAvgPool2d).</summary>
    public sealed record AdaptiveAvgPoolSpec(int Height, int Width, SourceSpan Span) : SpatialPoolSpec(Span);
}
