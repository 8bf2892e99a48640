using System.Diagnostics;
using System.Runtime.InteropServices;
using DistillDsl.Timing;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Timing;

/// <summary>The probes measure the whole process, so these tests run with no other test of the assembly beside them: memory
/// another test frees between "resident before" and the allocation would otherwise hide part of the peak.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process memory to itself";
}

[Collection(ProcessMemoryCollection.Name)]
public class PeakMemoryProbeTests
{
    [Fact]
    public void The_cpu_probe_sees_a_short_lived_allocation()
    {
        const int Megabytes = 256;
        using IPeakMemoryProbe probe = PeakMemoryProbes.For(CPU);
        using var process = Process.GetCurrentProcess();
        // Resident size once the probe has started (starting may give freed memory back to the system).
        probe.Start();
        process.Refresh();
        double before = process.WorkingSet64 / (1024.0 * 1024.0);
        AllocateAndTouch(Megabytes);
        PeakMemory peak = probe.Stop();

        Assert.NotNull(peak.Megabytes);
        Assert.True(peak.Megabytes >= before + Megabytes * 0.9, $"peak {peak.Megabytes:F0} MiB, resident before {before:F0} MiB, allocated {Megabytes} MiB ({peak.Source})");
    }

    [Fact]
    public void The_sampling_probe_used_off_linux_sees_a_held_allocation()
    {
        const int Megabytes = 256;
        // Tensors of earlier tests still waiting for their finalizers would free native memory during the measurement.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var probe = new SampledWorkingSet();
        using var process = Process.GetCurrentProcess();
        probe.Start();
        double held = 0;
        // The resident size is read while the block is held and compared with the one after it is freed, not with one
        // read before: the allocator and LibTorch may give other memory back to the system in between.
        AllocateAndTouch(Megabytes, whileHeld: () =>
        {
            process.Refresh();
            held = process.WorkingSet64 / (1024.0 * 1024.0);
            // Held until the sampler has provably read the working set after this read, however loaded the machine.
            probe.WaitForFreshSample();
        });
        process.Refresh();
        double afterFree = process.WorkingSet64 / (1024.0 * 1024.0);
        PeakMemory peak = probe.Stop();

        Assert.True(held - afterFree >= Megabytes * 0.9, $"resident {held:F0} MiB while held, {afterFree:F0} MiB after freeing {Megabytes} MiB");
        Assert.True(peak.Megabytes >= held - Megabytes * 0.05, $"peak {peak.Megabytes:F0} MiB, resident {held:F0} MiB while {Megabytes} MiB were held");
        Assert.Contains("sampled", peak.Source);
    }

    [Fact]
    public void The_sampling_probe_reports_the_highest_sample_between_start_and_stop()
    {
        const long MiB = 1024 * 1024;
        long current = 100 * MiB;
        using var probe = new SampledWorkingSet(() => Interlocked.Read(ref current));

        probe.Start();
        Interlocked.Exchange(ref current, 900 * MiB);
        probe.WaitForFreshSample();
        Interlocked.Exchange(ref current, 50 * MiB);
        probe.WaitForFreshSample();
        PeakMemory peak = probe.Stop();

        Assert.Equal(900.0, peak.Megabytes);
        // Start's sample, at least four by the sampler thread (two per wait), Stop's.
        Assert.True(probe.Samples >= 6, $"{probe.Samples} samples");
    }

    [Fact]
    public void The_sampling_probe_starts_each_point_afresh()
    {
        const long MiB = 1024 * 1024;
        long current = 700 * MiB;
        using var probe = new SampledWorkingSet(() => Interlocked.Read(ref current));
        probe.Start();
        probe.WaitForFreshSample();
        probe.Stop();

        Interlocked.Exchange(ref current, 200 * MiB);
        probe.Start();
        PeakMemory second = probe.Stop();

        Assert.Equal(200.0, second.Megabytes);
    }

    [Fact]
    public void On_linux_the_peak_comes_from_the_kernel_high_water_mark()
    {
        using IPeakMemoryProbe probe = PeakMemoryProbes.For(CPU);

        Assert.Equal(OperatingSystem.IsLinux(), probe is LinuxPeakRss);
    }

    [Fact]
    public void Cuda_points_report_no_peak_and_say_why()
    {
        using IPeakMemoryProbe probe = PeakMemoryProbes.For(new Device(DeviceType.CUDA, 0));

        probe.Start();
        PeakMemory peak = probe.Stop();

        Assert.Null(peak.Megabytes);
        Assert.Contains("TorchSharp", peak.Source);
    }

    /// <summary>Native memory, as LibTorch's tensors are (a managed array could reuse a segment the GC kept committed and not
    /// raise the resident size at all). Pages count as resident only once written; <paramref name="whileHeld"/> runs while
    /// they are; then they are freed.</summary>
    private static void AllocateAndTouch(int megabytes, Action? whileHeld = null)
    {
        nint size = (nint)megabytes * 1024 * 1024;
        nint block = Marshal.AllocHGlobal(size);
        try
        {
            for (nint offset = 0; offset < size; offset += 4096) Marshal.WriteByte(block, (int)offset, 1);
            whileHeld?.Invoke();
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
