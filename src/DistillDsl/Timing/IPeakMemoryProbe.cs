namespace DistillDsl.Timing;

/// <summary>Measures the peak memory between <see cref="Start"/> and <see cref="Stop"/>: one timing point, warm-up included.</summary>
public interface IPeakMemoryProbe : IDisposable
{
    void Start();

    PeakMemory Stop();
}
