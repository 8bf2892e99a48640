using System.Diagnostics;

namespace DistillDsl.Timing;

/// <summary>Peak working set where the kernel keeps no resettable high-water mark (Windows, macOS): a background thread
/// samples the process's working set every few milliseconds, so a peak shorter than the interval can be missed.</summary>
public sealed class SampledWorkingSet : IPeakMemoryProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);

    private readonly Process process = Process.GetCurrentProcess();
    private CancellationTokenSource? stop;
    private Thread? sampler;
    private long peakBytes;

    public static string SourceName => $"peak working set of the process (sampled every {Interval.TotalMilliseconds:0} ms)";

    public void Start()
    {
        if (sampler is not null) throw new InvalidOperationException("The probe is already running; call Stop first.");
        peakBytes = 0;
        Sample();
        stop = new CancellationTokenSource();
        CancellationToken token = stop.Token;
        sampler = new Thread(() =>
        {
            while (!token.WaitHandle.WaitOne(Interval)) Sample();
        }) { IsBackground = true, Name = "DistillDsl working-set sampler" };
        sampler.Start();
    }

    public PeakMemory Stop()
    {
        if (sampler is null || stop is null) throw new InvalidOperationException("The probe was not started.");
        stop.Cancel();
        sampler.Join();
        sampler = null;
        stop.Dispose();
        stop = null;
        Sample();
        return new PeakMemory(Interlocked.Read(ref peakBytes) / (1024.0 * 1024.0), SourceName);
    }

    public void Dispose()
    {
        if (sampler is not null) Stop();
        process.Dispose();
    }

    private void Sample()
    {
        process.Refresh();
        long current = process.WorkingSet64;
        long seen;
        do seen = Interlocked.Read(ref peakBytes);
        while (current > seen && Interlocked.CompareExchange(ref peakBytes, current, seen) != seen);
    }
}
