using System.Numerics;
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
    public const int ProjectionChannels = 64;

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
        float[] points;
        int channels;
        using (NewDisposeScope())
        using (no_grad())
        {
            Tensor projected = features.to(CPU).to(float32);
            if (features.shape[1] > ProjectionChannels)
            {
                Tensor projection = ScalarArithmetic.Div(randn([features.shape[1], ProjectionChannels], generator: generator), Math.Sqrt(ProjectionChannels));
                projected = projected.matmul(projection);
            }
            channels = (int)projected.shape[1];
            points = projected.contiguous().data<float>().ToArray();
        }
        int first = (int)randint(0, features.shape[0], [1], generator: generator).item<long>();
        return tensor(FarthestPoints(points, channels, count, first), device: features.device);
    }

    /// <summary>Greedy k-center over row-major <paramref name="points"/>: one fused pass per choice (each point's squared
    /// distance to the newest centre, its nearest-centre distance lowered, the farthest point found), split over the cores
    /// in fixed chunks whose results are combined in order, so the choice does not depend on the thread count. Ties go to
    /// the lowest index.</summary>
    internal static long[] FarthestPoints(float[] points, int channels, int count, int first)
    {
        int n = points.Length / channels;
        var nearest = new float[n];
        Array.Fill(nearest, float.PositiveInfinity);
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, n / 4096));
        int chunkSize = (n + chunks - 1) / chunks;
        var chunkBest = new (float Distance, int Index)[chunks];
        var chosen = new long[count];
        int next = first;
        for (int i = 0; i < count; i++)
        {
            chosen[i] = next;
            int centre = next;
            Parallel.For(0, chunks, chunk =>
            {
                int start = chunk * chunkSize, end = Math.Min(n, start + chunkSize);
                float best = -1;
                int bestIndex = start;
                ReadOnlySpan<float> c = points.AsSpan(centre * channels, channels);
                for (int p = start; p < end; p++)
                {
                    float d = MathF.Min(nearest[p], SquaredDistance(points.AsSpan(p * channels, channels), c));
                    nearest[p] = d;
                    if (d > best) { best = d; bestIndex = p; }
                }
                chunkBest[chunk] = (best, bestIndex);
            });
            var (farthest, index) = chunkBest[0];
            for (int chunk = 1; chunk < chunks; chunk++)
            {
                if (chunkBest[chunk].Distance > farthest) (farthest, index) = chunkBest[chunk];
            }
            next = index;
        }
        return chosen;
    }

    private static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int k = 0;
        for (; k <= a.Length - Vector<float>.Count; k += Vector<float>.Count)
        {
            var difference = new Vector<float>(a.Slice(k)) - new Vector<float>(b.Slice(k));
            sum += difference * difference;
        }
        float total = Vector.Sum(sum);
        for (; k < a.Length; k++)
        {
            float difference = a[k] - b[k];
            total += difference * difference;
        }
        return total;
    }
}
