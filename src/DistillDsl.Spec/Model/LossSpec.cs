namespace DistillDsl.Spec.Model
{
    /// <summary>Per-pixel distance between channel-normalised teacher and student features.</summary>
    public enum FeatureDistanceKind
    {
        /// <summary>½‖norm(T) − norm(S)‖₂ (paper Eq. 2).</summary>
        L2,

        /// <summary>½‖norm(T) − norm(S)‖₂² (STPM; the authors' code).</summary>
        SquaredL2,

        /// <summary>1 − cos(T, S) along the channels (Reverse Distillation). Scale-free, so a channel-wise L2 normalisation
        /// before it changes nothing.</summary>
        Cosine,
    }

    /// <summary>How the per-tap losses of one teacher are combined.</summary>
    public enum TapReduction
    {
        /// <summary>Weighted sum over taps (paper Eq. 4).</summary>
        Sum,

        /// <summary>Weighted mean over taps (the authors' code).</summary>
        Mean,
    }

    /// <summary>The training loss: per tap, the pixel mean of <paramref name="Distance"/> (paper Eq. 3);
    /// per teacher, the taps combined by <paramref name="OverTaps"/> with their weights; in total,
    /// the sum of teacher losses times their alpha (paper Eq. 8).</summary>
    /// <param name="FeatureNorm">What is done to the features before the distance (channel-wise L2 by default).</param>
    /// <param name="HardQuantile">EfficientAD's hard feature loss: only the per-pixel distances at or above this quantile of
    /// the tap's distances in the batch enter the mean; null for all pixels.</param>
    public sealed record LossSpec(
        FeatureDistanceKind Distance,
        TapReduction OverTaps,
        FeatureNormalization FeatureNorm,
        double? HardQuantile,
        SourceSpan Span);
}
