using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>The q-quantile with linear interpolation between order statistics (torch.quantile's and numpy's default):
/// with the n values sorted, position q·(n − 1), interpolated between its two neighbours. One definition for the tensor
/// code (hard loss) and the host code (map normalisation), so both agree with PyTorch fixtures.</summary>
public static class Quantile
{
    /// <summary>The quantile of a 1-D tensor, as a 0-d tensor on its device.</summary>
    public static Tensor Linear(Tensor values, double q)
    {
        CheckQ(q);
        if (values.dim() != 1 || values.shape[0] == 0) throw new ArgumentException("A quantile needs a non-empty 1-D tensor.", nameof(values));
        using var scope = NewDisposeScope();
        Tensor sorted = values.sort().Values;
        var (lower, upper, fraction) = Position(values.shape[0], q);
        Tensor low = sorted[lower];
        Tensor result = fraction == 0 ? low : low + ScalarArithmetic.Mul(sorted[upper] - low, fraction);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The quantile of values that are already sorted ascending, in double precision.</summary>
    public static double OfSorted(ReadOnlySpan<float> sorted, double q)
    {
        CheckQ(q);
        if (sorted.Length == 0) throw new ArgumentException("A quantile needs at least one value.", nameof(sorted));
        var (lower, upper, fraction) = Position(sorted.Length, q);
        double low = sorted[(int)lower];
        return low + (sorted[(int)upper] - low) * fraction;
    }

    private static (long Lower, long Upper, double Fraction) Position(long count, double q)
    {
        double position = q * (count - 1);
        long lower = (long)Math.Floor(position);
        long upper = Math.Min(lower + 1, count - 1);
        return (lower, upper, position - lower);
    }

    private static void CheckQ(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile's q must be between 0 and 1.");
    }
}
