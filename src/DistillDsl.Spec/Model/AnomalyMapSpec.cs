namespace DistillDsl.Spec.Model
{
    /// <summary>A factor applied to a tap's distance map before upsampling.</summary>
    public enum TapScale
    {
        None,

        /// <summary>Divide by the tap's h·w (the authors' code).</summary>
        InverseArea,
    }

    public enum UpsampleMode
    {
        /// <summary>Bilinear, align_corners = false.</summary>
        Bilinear,
        Nearest,
    }

    /// <summary>How a teacher's upsampled per-tap maps become that teacher's map.</summary>
    public enum TapCombination
    {
        /// <summary>Paper Eq. 9–10.</summary>
        Sum,

        /// <summary>STPM (Wang et al., 2021).</summary>
        Product,
    }

    /// <summary>Test-time anomaly map: per tap the distance (optionally scaled), upsampled to the input size; per
    /// teacher the taps combined; across teachers <paramref name="Combination"/>; then optional Gaussian smoothing.</summary>
    /// <param name="GaussianSigma">σ of the Gaussian smoothing of the final map, or null for none.</param>
    /// <param name="FeatureNorm">What is done to the features before the distance (channel-wise L2 by default).</param>
    /// <param name="Normalization">How tap or teacher maps are brought to one scale before they are combined.</param>
    public sealed record AnomalyMapSpec(
        FeatureDistanceKind Distance,
        TapScale TapScale,
        UpsampleMode Upsample,
        TapCombination OverTaps,
        CombinationSpec Combination,
        double? GaussianSigma,
        FeatureNormalization FeatureNorm,
        MapNormalizationSpec Normalization,
        SourceSpan Span);
}
