namespace DistillDsl.Spec.Model
{
    public enum OptimizerKind
    {
        Sgd,
        Adam,
    }

    /// <summary>The optimiser of the students. <paramref name="Momentum"/> is used by SGD only,
    /// <paramref name="Beta1"/> and <paramref name="Beta2"/> by Adam only.</summary>
    public sealed record OptimizerSpec(
        OptimizerKind Kind,
        double LearningRate,
        double Momentum,
        double Beta1,
        double Beta2,
        double WeightDecay,
        SourceSpan Span);
}
