using DistillDsl.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Methods.MemoryBank;

/// <summary>One tap's bank of normal features: a buffer <c>rows</c> [bank size, channels] (in the state dict, never a
/// parameter) and the nearest-row search over it.</summary>
/// <remarks>Distances are ‖r‖² − 2 q·r per row r (‖q‖² is the same for every row, so it is left out). With
/// <see cref="Normalized"/> the query is divided by its channel norm (floored at 1e-12, as F.normalize) and the rows were
/// normalised when they were filled, so the search runs in the space the anomaly map measures. The export writes the same
/// formula.</remarks>
public sealed class MemoryBank : nn.Module
{
    /// <summary>Distances per chunk of the search: at 16 MiB the [chunk, bank size] matrix stays under glibc's mmap
    /// threshold (32 MiB at most), so one block is reused for every chunk; a larger one is mapped afresh per chunk and pays
    /// its page faults each time (about 10× slower at 16384 rows on 2 cores, with a new matrix per step).</summary>
    private const long DistancesPerChunk = 4L << 20;

    /// <summary>F.normalize's ε.</summary>
    public const double NormEpsilon = 1e-12;

    private readonly Tensor rows;

    public MemoryBank(long bankSize, long channels, bool normalized) : base(nameof(MemoryBank))
    {
        if (bankSize < 1 || channels < 1) throw new ArgumentOutOfRangeException(nameof(bankSize), $"A memory bank needs at least one row and one channel, not {bankSize} × {channels}.");
        Normalized = normalized;
        rows = zeros(bankSize, channels);
        register_buffer("rows", rows);
    }

    /// <summary>[bank size, channels].</summary>
    public Tensor Rows => rows;

    public bool Normalized { get; }

    public long Size => rows.shape[0];

    public long Channels => rows.shape[1];

    /// <summary>Replaces the rows with <paramref name="selected"/> [n ≤ bank size, channels], already in the search space; fewer
    /// rows than the bank holds are repeated in turn to fill it (a repeated row changes no nearest distance).</summary>
    public void Fill(Tensor selected)
    {
        if (selected.dim() != 2 || selected.shape[1] != Channels || selected.shape[0] < 1 || selected.shape[0] > Size)
        {
            throw new ArgumentException($"A bank of {Size} × {Channels} is filled with 1 to {Size} rows of {Channels} channels, not [{string.Join(", ", selected.shape)}].", nameof(selected));
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long count = selected.shape[0];
        Tensor index = tensor(Enumerable.Range(0, (int)Size).Select(i => i % count).ToArray(), device: selected.device);
        rows.copy_(selected.index_select(0, index).to(rows.dtype).to(rows.device));
    }

    /// <summary>Standard normal rows (in the search space): an unfilled bank that still gives every position its own nearest
    /// row, so an untrained graph's maps are not constant (the seeded initialisation).</summary>
    public void FillRandom(Generator generator)
    {
        using var scope = NewDisposeScope();
        Fill(ToSearchSpace(randn([Size, Channels], generator: generator)));
    }

    /// <summary>Features as the bank stores them: [N, channels] rows, divided by their norm when <see cref="Normalized"/>.</summary>
    public Tensor ToSearchSpace(Tensor features) =>
        Normalized ? nn.functional.normalize(features, p: 2, dim: 1, eps: NormEpsilon) : features.alias();

    /// <summary>[B, C, h, w] → [B, C, h, w]: at every position, the bank row nearest to the feature there.</summary>
    public Tensor Nearest(Tensor features)
    {
        if (features.dim() != 4 || features.shape[1] != Channels)
        {
            throw new ArgumentException($"A bank of {Channels}-channel rows searches [B, {Channels}, h, w] features, not [{string.Join(", ", features.shape)}].", nameof(features));
        }
        long batch = features.shape[0], height = features.shape[2], width = features.shape[3];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor queries = features.permute(0, 2, 3, 1).reshape(-1, Channels);
        Tensor squaredNorms = rows.square().sum(1);
        var indices = new List<Tensor>();
        long queryChunk = Math.Max(1, DistancesPerChunk / Size);
        for (long start = 0; start < queries.shape[0]; start += queryChunk)
        {
            using var chunkScope = NewDisposeScope();
            Tensor chunk = queries.narrow(0, start, Math.Min(queryChunk, queries.shape[0] - start));
            Tensor distances = chunk.matmul(rows.t());
            if (Normalized) distances.div_(ScalarArithmetic.ClampMin(chunk.norm(1, keepdim: true), NormEpsilon));
            // In place, ‖r‖² + (−2 q·r): the same floats as ‖r‖² − 2 q·r.
            ScalarArithmetic.MulInPlace(distances, -2).add_(squaredNorms);
            indices.Add(distances.argmin(1).MoveToOuterDisposeScope());
        }
        Tensor nearest = rows.index_select(0, cat(indices, 0));
        return nearest.reshape(batch, height, width, Channels).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }
}
