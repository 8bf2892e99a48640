namespace DistillDsl.Spec.Model
{
    /// <summary>One tapped teacher layer and what happens to its features before they meet the student's.</summary>
    /// <param name="Name">A tap name of the teacher's backbone in the catalog.</param>
    /// <param name="Pool">Spatial pooling of the teacher's features, or null for none.</param>
    /// <param name="ChannelPool">Channel reduction of the teacher's features, or null for none.</param>
    /// <param name="Weight">Weight of this tap's loss within its teacher's loss.</param>
    public sealed record TapSpec(
        string Name,
        SpatialPoolSpec? Pool,
        ChannelPoolSpec? ChannelPool,
        double Weight,
        SourceSpan Span,
        SourceSpan NameSpan);
}
