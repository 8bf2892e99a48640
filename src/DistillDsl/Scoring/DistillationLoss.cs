using DistillDsl.Spec.Model;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Scoring;

/// <summary>The training loss of a distillation graph, as three small steps (paper Eq. 2–8): per tap the pixel mean of the
/// feature distance, per teacher the taps combined with their weights, in total the teachers combined with their alphas.</summary>
public static class DistillationLoss
{
    /// <summary>Eq. 3, 6, 7: the per-pixel distance (Eq. 2, 5) averaged over the tap's pixels and over the batch → scalar.
    /// With <paramref name="hardQuantile"/>, EfficientAD's hard feature loss: the mean of only those distances at or above
    /// that quantile of the tap's distances in the batch (<see cref="HardMean"/>).</summary>
    public static Tensor TapLoss(Tensor teacher, Tensor student, FeatureDistanceKind distance,
                                 FeatureNormalization normalization = FeatureNormalization.ChannelL2, double? hardQuantile = null)
    {
        using var scope = NewDisposeScope();
        Tensor distances = FeatureDistance.PerPixel(teacher, student, distance, normalization);
        Tensor loss = hardQuantile is double q ? HardMean(distances, q) : distances.mean();
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>mean(d[d ≥ quantile(d, q)]) over every element of <paramref name="distances"/> (EfficientAD's
    /// <c>torch.mean(d[d &gt;= torch.quantile(d, q)])</c>). The quantile is torch's linear one and is taken without gradient,
    /// so only the selected distances pass gradients back.</summary>
    public static Tensor HardMean(Tensor distances, double q)
    {
        using var scope = NewDisposeScope();
        Tensor flat = distances.flatten();
        Tensor threshold;
        using (no_grad()) threshold = Quantile.Linear(flat.detach(), q);
        return flat.masked_select(flat.ge(threshold)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>One teacher's loss from its tap losses: Σ weightₗ · lossₗ (<see cref="TapReduction.Sum"/>, Eq. 4), or that sum
    /// divided by the number of taps (<see cref="TapReduction.Mean"/>, the authors' code). A tap's weight multiplies its loss
    /// (docs: "weight multiplies this tap's loss"), so the mean divides by the tap count, not by the sum of the weights.</summary>
    public static Tensor CombineTaps(IReadOnlyList<Tensor> tapLosses, IReadOnlyList<double> weights, TapReduction overTaps)
    {
        using var scope = NewDisposeScope();
        Tensor sum = WeightedSum(tapLosses, weights, "tap");
        Tensor combined = overTaps switch
        {
            TapReduction.Sum => sum,
            TapReduction.Mean => ScalarArithmetic.Div(sum, tapLosses.Count),
            _ => throw new ArgumentOutOfRangeException(nameof(overTaps), overTaps, "unknown tap reduction."),
        };
        return combined.MoveToOuterDisposeScope();
    }

    /// <summary>Eq. 8: Σ alpha_t · loss_t over the teachers.</summary>
    public static Tensor CombineTeachers(IReadOnlyList<Tensor> teacherLosses, IReadOnlyList<double> alphas)
    {
        using var scope = NewDisposeScope();
        return WeightedSum(teacherLosses, alphas, "teacher").MoveToOuterDisposeScope();
    }

    private static Tensor WeightedSum(IReadOnlyList<Tensor> losses, IReadOnlyList<double> weights, string what)
    {
        if (losses.Count == 0) throw new ArgumentException($"A loss needs at least one {what}.");
        if (losses.Count != weights.Count)
        {
            throw new ArgumentException($"{losses.Count} {what} losses but {weights.Count} weights; there must be one weight per {what}.");
        }
        Tensor sum = ScalarArithmetic.Mul(losses[0], weights[0]);
        for (int i = 1; i < losses.Count; i++) sum = sum + ScalarArithmetic.Mul(losses[i], weights[i]);
        return sum;
    }
}
