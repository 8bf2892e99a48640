namespace DistillDsl.Spec.Model
{
    public enum CombinationKind
    {
        /// <summary>Sum of the teachers' maps (also what a single teacher uses).</summary>
        Sum,

        /// <summary>Element-wise product of the teachers' maps.</summary>
        Product,

        /// <summary>Paper Eq. 11: M = A_modulated · (max A_modulating − min A_modulating) · normalize(A_modulating).</summary>
        Modulate,
    }

    /// <summary>The <c>normalize</c> of Eq. 11.</summary>
    public enum ModulationNormalization
    {
        /// <summary>(A − min A) / (max A − min A) per image (the paper's reading).</summary>
        MinMax,

        /// <summary>L2 normalisation along the image height axis (the authors' code: F.normalize(A, dim=2) on [B, 1, H, W]).</summary>
        L2Height,
    }

    /// <summary>How the teachers' maps combine into the final map.</summary>
    /// <param name="Modulation">The teachers and normalisation of <see cref="CombinationKind.Modulate"/>; null for other kinds.</param>
    public sealed record CombinationSpec(CombinationKind Kind, ModulationSpec? Modulation, SourceSpan Span);

    /// <param name="Modulated">The teacher whose map is scaled (A_res in Eq. 11).</param>
    /// <param name="Modulating">The teacher whose normalised map scales it (A_eff in Eq. 11).</param>
    public sealed record ModulationSpec(
        string Modulated,
        string Modulating,
        ModulationNormalization Normalization,
        SourceSpan ModulatedSpan,
        SourceSpan ModulatingSpan);
}
