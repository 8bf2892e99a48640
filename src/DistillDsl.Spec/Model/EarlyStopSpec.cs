namespace DistillDsl.Spec.Model
{
    /// <summary>Stop training after <paramref name="Patience"/> epochs without the validation loss improving by more than
    /// <paramref name="MinDelta"/>.</summary>
    public sealed record EarlyStopSpec(int Patience, double MinDelta, SourceSpan Span);
}
