using System.Diagnostics;

namespace DistillDsl.Timing;

/// <summary>Peak working set where the kernel keeps no resettable high-water mark (Windows, macOS): a background thread
/// samples the process's working set every few milliseconds, so a peak shorter than the interval can be missed.</summary>
public sealed class SampledWorkingSet : IPeakMemoryProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);

    private readonly Process? process;
    private readonly Func<long> readBytes;
    private readonly object sampled = new();
    private CancellationTokenSource? stop;
    private Thread? sampler;
    private long peakBytes;
    private long samples;

    /// <summary>Samples the working set of this process.</summary>
    public SampledWorkingSet()
    {
        Process current = Process.GetCurrentProcess();
        process = current;
        readBytes = () =>
        {
            current.Refresh();
            return current.WorkingSet64;
        };
    }

    /// <summary>Samples <paramref name="readBytes"/> instead of the process: lets tests drive the sampler with known values.</summary>
    internal SampledWorkingSet(Func<long> readBytes) => this.readBytes = readBytes;

    public static string SourceName => $"peak working set of the process (sampled every {Interval.TotalMilliseconds:0} ms)";

    /// <summary>Samples taken since <see cref="Start"/>, counted after each has been read and folded into the peak.</summary>
    internal long Samples => Interlocked.Read(ref samples);

    public void Start()
    {
        if (sampler is not null) throw new InvalidOperationException("The probe is already running; call Stop first.");
        Interlocked.Exchange(ref peakBytes, 0);
        Interlocked.Exchange(ref samples, 0);
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

    /// <summary>Blocks until a sample that began after this call has been taken, however loaded the machine is: a sample
    /// counted when the call begins may have read the working set before it, so two more must complete.</summary>
    internal void WaitForFreshSample()
    {
        if (sampler is null) throw new InvalidOperationException("The probe was not started.");
        lock (sampled)
        {
            long target = Samples + 2;
            while (Samples < target) Monitor.Wait(sampled);
        }
    }

    public void Dispose()
    {
        if (sampler is not null) Stop();
        process?.Dispose();
    }

    private void Sample()
    {
        long current = readBytes();
        long seen;
        do seen = Interlocked.Read(ref peakBytes);
        while (current > seen && Interlocked.CompareExchange(ref peakBytes, current, seen) != seen);
        lock (sampled)
        {
            Interlocked.Increment(ref samples);
            Monitor.PulseAll(sampled);
        }
    }
}
