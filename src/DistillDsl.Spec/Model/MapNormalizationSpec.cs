namespace DistillDsl.Spec.Model
{
    public enum MapNormalizationKind
    {
        /// <summary>Maps are combined and scored as computed.</summary>
        None,

        /// <summary>EfficientAD's map normalisation: each map becomes 0.1 · (m − a) / (b − a), where a and b are the q_a and q_b
        /// quantiles of that map's pixels over the normal validation images, measured by the trainer after training.</summary>
        ValidationQuantiles,
    }

    /// <summary>Which maps the normalisation applies to.</summary>
    public enum MapNormalizationLevel
    {
        /// <summary>Each tap's upsampled map, before the taps of a teacher are combined.</summary>
        Tap,

        /// <summary>Each teacher's map, before the teachers are combined.</summary>
        Teacher,
    }

    /// <summary><c>anomaly_map.normalize</c>: how maps are brought to one scale before they are combined and scored.</summary>
    /// <param name="QuantileA">q_a in (0, 1]: the quantile that maps to 0.</param>
    /// <param name="QuantileB">q_b in (0, 1], above q_a: the quantile that maps to 0.1.</param>
    public sealed record MapNormalizationSpec(
        MapNormalizationKind Kind,
        MapNormalizationLevel Level,
        double QuantileA,
        double QuantileB,
        SourceSpan Span)
    {
        public bool IsEnabled => Kind != MapNormalizationKind.None;
    }
}
