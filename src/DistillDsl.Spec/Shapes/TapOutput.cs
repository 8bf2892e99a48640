namespace DistillDsl.Spec.Shapes
{
    /// <summary>A feature map a network hands to the loss, named by the teacher tap it is compared with.</summary>
    public sealed record TapOutput(string Tap, FeatureShape Shape);
}
