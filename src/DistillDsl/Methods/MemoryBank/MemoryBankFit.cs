using DistillDsl.Graphs;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Methods.MemoryBank;

/// <summary>The one training pass of a graph whose students are all memory banks: every training batch's pooled teacher
/// taps are collected on the CPU (in each bank's search space), then each bank keeps its coreset of them.</summary>
/// <remarks>At most <see cref="CandidatesPerRow"/> × bank size features per tap are kept as candidates: when the training
/// images hold more, each batch keeps a seeded random share of its positions, the same share for every batch, so that the
/// memory and the greedy selection's time stay bounded for large sets (a 256² ResNet layer2 tap of 600 images has
/// 600 × 32 × 32 positions).</remarks>
internal sealed class MemoryBankFit : IDisposable
{
    public const int CandidatesPerRow = 16;

    private readonly DistillGraph graph;
    private readonly List<(MemoryBank Bank, List<Tensor> Rows)>[] collected;
    private readonly Generator draws;
    private readonly ulong seed;
    private readonly long expectedImages;

    /// <param name="trainingImages">How many images the pass will see (for the share of positions kept).</param>
    public MemoryBankFit(DistillGraph graph, int trainingImages, int seed)
    {
        if (!Applies(graph)) throw new ArgumentException($"Graph '{graph.Spec.Name}' has students that are not memory banks.", nameof(graph));
        this.graph = graph;
        expectedImages = Math.Max(trainingImages, 1);
        this.seed = (ulong)seed;
        draws = new Generator(this.seed ^ 0x6d656d6f7279UL);
        collected = graph.Branches
            .Select(b => ((MemoryBankStudent)b.StudentNetwork).Banks.Select(t => (t.Bank, new List<Tensor>())).ToList())
            .ToArray();
    }

    /// <summary>True when every student of the graph is a memory bank (the validator refuses configs that mix them).</summary>
    public static bool Applies(DistillGraph graph) => graph.Branches.All(b => b.StudentNetwork is MemoryBankStudent);

    /// <summary>Collects one batch: every teacher's pooled taps (teacher order, then spec tap order).</summary>
    public void Add(IReadOnlyList<IReadOnlyList<Tensor>> teacherTaps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int b = 0; b < collected.Length; b++)
        {
            for (int t = 0; t < collected[b].Count; t++)
            {
                var (bank, rows) = collected[b][t];
                Tensor features = teacherTaps[b][t];
                Tensor flat = bank.ToSearchSpace(features.permute(0, 2, 3, 1).reshape(-1, bank.Channels));
                double share = Share(bank, features.shape[2] * features.shape[3]);
                if (share < 1)
                {
                    // rand > 1 − share holds with probability share.
                    Tensor keep = ScalarArithmetic.GreaterThan(rand([flat.shape[0]], generator: draws), 1 - share).nonzero().squeeze(1);
                    flat = flat.index_select(0, keep.to(flat.device));
                }
                rows.Add(flat.to(CPU).contiguous().DetachFromDisposeScope());
            }
        }
    }

    /// <summary>How many banks the graph has (over all teachers).</summary>
    public int BankCount => collected.Sum(b => b.Count);

    /// <summary>Fills every bank with its coreset of the collected features and frees them.</summary>
    /// <param name="progress">Called before each bank with its 1-based number among <see cref="BankCount"/>.</param>
    public void Fill(Action<int>? progress = null)
    {
        int number = 0;
        for (int b = 0; b < collected.Length; b++)
        {
            for (int t = 0; t < collected[b].Count; t++)
            {
                var (bank, rows) = collected[b][t];
                if (rows.Count == 0) throw new InvalidOperationException($"The memory bank of tap {t} of teacher '{graph.Branches[b].Name}' saw no training image.");
                using var scope = NewDisposeScope();
                Tensor candidates = cat(rows, 0);
                foreach (Tensor row in rows) row.Dispose();
                rows.Clear();
                progress?.Invoke(++number);
                var spec = ((MemoryBankStudent)graph.Branches[b].StudentNetwork).Spec;
                Tensor indices = CoresetSelection.Select(candidates, (int)bank.Size, spec.Coreset, seed + (ulong)(b * 131 + t));
                bank.Fill(candidates.index_select(0, indices));
            }
        }
    }

    public void Dispose()
    {
        foreach (var tap in collected.SelectMany(b => b))
        {
            foreach (Tensor row in tap.Rows) row.Dispose();
            tap.Rows.Clear();
        }
        draws.Dispose();
    }

    /// <summary>The share of a tap's positions kept per image: all while the whole set fits in the candidates.</summary>
    private double Share(MemoryBank bank, long positionsPerImage)
    {
        double total = (double)positionsPerImage * expectedImages;
        return Math.Min(1.0, CandidatesPerRow * (double)bank.Size / total);
    }
}
