using static TorchSharp.torch;

namespace DistillDsl.Torch;

/// <summary>Torch's intra-op thread count for a stretch of work, restored when the scope is disposed. The count is
/// process-wide, so whatever sets it for a run (a cmdlet, the trainer, a timing point) must put the caller's back.</summary>
public sealed class TorchThreads : IDisposable
{
    private readonly int? previous;

    private TorchThreads(int? threads)
    {
        if (threads is not int count) return;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(threads));
        previous = get_num_threads();
        set_num_threads(count);
    }

    /// <summary>Sets <paramref name="threads"/> until disposed; null leaves the count as it is.</summary>
    public static TorchThreads Use(int? threads) => new(threads);

    public void Dispose()
    {
        if (previous is int count) set_num_threads(count);
    }
}
