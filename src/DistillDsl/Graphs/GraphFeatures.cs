using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>What <see cref="DistillGraph.forward"/> gives: per (teacher, tap) the teacher's pooled features and the student's,
/// in config order (teachers, then each teacher's taps). It owns its tensors: dispose it (or let the caller's dispose
/// scope, into which the tensors were also moved, dispose them).</summary>
public sealed class GraphFeatures : IDisposable
{
    private readonly Dictionary<(string Branch, string Tap), TapPair> pairs;
    private readonly List<(string Branch, string Tap)> keys;

    internal GraphFeatures(IEnumerable<(string Branch, string Tap, TapPair Pair)> features)
    {
        pairs = [];
        keys = [];
        foreach (var (branch, tap, pair) in features)
        {
            pairs.Add((branch, tap), pair);
            keys.Add((branch, tap));
        }
    }

    /// <summary>(teacher name, tap name) of every pair, in config order.</summary>
    public IReadOnlyList<(string Branch, string Tap)> Keys => keys;

    /// <summary>The teacher's features of the tap after the tap's spatial and channel pooling, [B, C, h, w].</summary>
    public Tensor Teacher(string branch, string tap) => Pair(branch, tap).Teacher;

    /// <summary>The student's features of the tap, [B, C, h, w] (the same shape as <see cref="Teacher"/>).</summary>
    public Tensor Student(string branch, string tap) => Pair(branch, tap).Student;

    public TapPair Pair(string branch, string tap) =>
        pairs.TryGetValue((branch, tap), out TapPair? pair) ? pair
        : throw new KeyNotFoundException($"These features have no tap '{tap}' of teacher '{branch}'; they have: {string.Join(", ", keys.Select(k => $"{k.Branch}/{k.Tap}"))}.");

    /// <summary>The pairs of one teacher, in tap order.</summary>
    public IReadOnlyList<(string Tap, TapPair Pair)> TapsOf(string branch) =>
        keys.Where(k => k.Branch == branch).Select(k => (k.Tap, pairs[k])).ToList();

    public void Dispose()
    {
        foreach (TapPair pair in pairs.Values)
        {
            pair.Teacher.Dispose();
            pair.Student.Dispose();
        }
    }
}
