namespace DistillDsl.Spec.Model
{
    /// <summary>Where a teacher's weights come from.</summary>
    public enum WeightsSource
    {
        /// <summary>The backbone's ImageNet weights, found by the runtime (see the backbone catalog).</summary>
        ImageNet,

        /// <summary>Random initialisation (for ablations and tests).</summary>
        Random,

        /// <summary>A checkpoint file named in the config.</summary>
        File,
    }

    /// <param name="FilePath">The checkpoint path as written in the config, for <see cref="WeightsSource.File"/>; null otherwise.</param>
    public sealed record WeightsSpec(WeightsSource Source, string? FilePath, SourceSpan Span);
}
