namespace DistillDsl.Spec.Model
{
    public enum ScheduleKind
    {
        /// <summary>Constant learning rate.</summary>
        None,

        /// <summary>PyTorch OneCycleLR stepped once per batch (the authors' code).</summary>
        OneCycle,
    }

    /// <summary>The learning-rate schedule.</summary>
    /// <param name="MaxLrFactor">One-cycle peak learning rate = factor × the optimiser's lr (1 for <see cref="ScheduleKind.None"/>).</param>
    /// <param name="WarmupFraction">One-cycle fraction of the steps spent increasing the rate (PyTorch's pct_start; 0 for none).</param>
    public sealed record ScheduleSpec(ScheduleKind Kind, double MaxLrFactor, double WarmupFraction, SourceSpan Span);
}
