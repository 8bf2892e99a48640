namespace DistillDsl.Spec.Model
{
    /// <summary>One tapped teacher layer and what happens to its features before they meet the student's.</summary>
    /// <param name="Name">A tap name of the teacher's backbone in the catalog.</param>
    /// <param name="Pool">Spatial pooling of the teacher's features, or null for none.</param>
    /// <param name="ChannelPool">Channel reduction of the teacher's features, or null for none.</param>
    /// <param name="Weight">Weight of this tap's loss within its teacher's loss.</param>
    /// <param name="Center">What is subtracted from the pooled features (after pooling, before the student sees them).</param>
    /// <param name="FeatureNorm">This tap's feature normalisation for the loss, the map and a memory bank's search, or null
    /// for the loss's and the map's own <c>feature_norm</c>.</param>
    public sealed record TapSpec(
        string Name,
        SpatialPoolSpec? Pool,
        ChannelPoolSpec? ChannelPool,
        double Weight,
        SourceSpan Span,
        SourceSpan NameSpan,
        TapCentering Center = TapCentering.None,
        FeatureNormalization? FeatureNorm = null);
}
