namespace DistillDsl.Spec.Shapes
{
    /// <summary>Shape of one image's feature map (batch dimension left out).</summary>
    public sealed record FeatureShape(int Channels, int Height, int Width)
    {
        /// <summary><c>channels×height×width</c>, e.g. <c>64×32×32</c>.</summary>
        public override string ToString() => $"{Channels}×{Height}×{Width}";
    }
}
