namespace DistillDsl.Spec.Model
{
    /// <summary>Channel reduction of a teacher tap: the features' C channels become <paramref name="Channels"/> by averaging
    /// each run of C / Channels adjacent channels (one reading of the paper's c_l/2 student widths, see the docs).</summary>
    public sealed record ChannelPoolSpec(int Channels, SourceSpan Span);
}
