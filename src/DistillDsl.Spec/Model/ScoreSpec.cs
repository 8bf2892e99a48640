namespace DistillDsl.Spec.Model
{
    public enum ScoreKind
    {
        /// <summary>Σ_ij M_ij (paper Eq. 12).</summary>
        Sum,

        /// <summary>max_ij M_ij (the authors' code; STPM).</summary>
        Max,

        /// <summary>Mean of the k largest pixels of the map.</summary>
        TopKMean,
    }

    public enum ScoreNormalization
    {
        None,

        /// <summary>Maps min-max normalised over the whole test set before scoring (the authors' code).</summary>
        TestSetMinMax,
    }

    /// <summary>The image score computed from the final anomaly map.</summary>
    /// <param name="TopK">k for <see cref="ScoreKind.TopKMean"/>; null for other kinds.</param>
    public sealed record ScoreSpec(ScoreKind Kind, int? TopK, ScoreNormalization Normalization, SourceSpan Span, SourceSpan TopKSpan);
}
