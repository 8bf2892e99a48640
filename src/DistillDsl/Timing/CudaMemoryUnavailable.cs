namespace DistillDsl.Timing;

/// <summary>GPU points: TorchSharp 0.107 exposes no CUDA memory statistics (no max_memory_allocated or reset_peak_memory_stats),
/// and the process's RSS says nothing about GPU memory, so the peak is reported as unknown with that reason.</summary>
public sealed class CudaMemoryUnavailable : IPeakMemoryProbe
{
    public const string Reason = "not measured: TorchSharp exposes no CUDA memory statistics";

    public void Start()
    {
    }

    public PeakMemory Stop() => new(null, Reason);

    public void Dispose()
    {
    }
}
