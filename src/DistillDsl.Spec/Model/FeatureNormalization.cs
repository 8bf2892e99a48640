namespace DistillDsl.Spec.Model
{
    /// <summary>What is done to teacher and student features before their per-pixel distance is taken.</summary>
    public enum FeatureNormalization
    {
        /// <summary>Each pixel's feature vector divided by its L2 norm along the channels (paper Eq. 2; STPM).</summary>
        ChannelL2,

        /// <summary>The features as they are (EfficientAD compares raw features).</summary>
        None,
    }
}
