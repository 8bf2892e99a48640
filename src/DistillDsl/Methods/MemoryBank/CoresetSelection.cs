using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Methods.MemoryBank;

/// <summary>Which collected features a bank keeps (<c>coreset</c>).</summary>
/// <remarks>Greedy is PatchCore's k-center coreset: start from a seeded random feature, then repeatedly take the feature
/// whose distance to its nearest chosen one is largest. Distances are measured after a seeded Gaussian projection to
/// <see cref="ProjectionChannels"/> channels when the features have more (Johnson–Lindenstrauss: distances are kept
/// approximately, and each step reads a quarter or less of the data); the kept rows are the original features.</remarks>
public static class CoresetSelection
{
    public const int ProjectionChannels = 128;

    /// <summary>The indices (ascending for random, in selection order for greedy) of <paramref name="count"/> rows of
    /// <paramref name="features"/> [N, C]; all N when N ≤ count.</summary>
    public static Tensor Select(Tensor features, int count, CoresetKind kind, ulong seed)
    {
        long n = features.shape[0];
        if (n <= count) return arange(n, dtype: int64, device: features.device);
        using var generator = new Generator(seed);
        return kind switch
        {
            CoresetKind.Random => randperm(n, generator: generator, device: CPU).narrow(0, 0, count).sort().Values.to(features.device),
            CoresetKind.Greedy => Greedy(features, count, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown coreset kind."),
        };
    }

    private static Tensor Greedy(Tensor features, int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor points = features;
        if (features.shape[1] > ProjectionChannels)
        {
            Tensor projection = ScalarArithmetic.Div(randn([features.shape[1], ProjectionChannels], generator: generator), Math.Sqrt(ProjectionChannels));
            points = features.matmul(projection.to(features.device));
        }
        points = points.contiguous();
        Tensor squaredNorms = points.pow(2).sum(1);
        long first = randint(0, points.shape[0], [1], generator: generator).item<long>();
        var chosen = new long[count];
        Tensor nearest = full([points.shape[0]], double.PositiveInfinity, dtype: points.dtype, device: points.device);
        long next = first;
        for (int i = 0; i < count; i++)
        {
            chosen[i] = next;
            using (NewDisposeScope())
            {
                Tensor centre = points[next];
                // ‖p − c‖² = ‖p‖² − 2 p·c + ‖c‖², clamped at 0 against rounding.
                Tensor distances = ScalarArithmetic.ClampMin(squaredNorms - ScalarArithmetic.Mul(points.mv(centre), 2) + squaredNorms[next], 0);
                nearest.copy_(minimum(nearest, distances));
                next = nearest.argmax().item<long>();
            }
        }
        return tensor(chosen, device: features.device).MoveToOuterDisposeScope();
    }
}
