using System.Diagnostics;
using System.Runtime.InteropServices;
using DistillDsl.Timing;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Timing;

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
        using var probe = new SampledWorkingSet();
        using var process = Process.GetCurrentProcess();
        // Resident size once the probe has started (starting may give freed memory back to the system).
        probe.Start();
        process.Refresh();
        double before = process.WorkingSet64 / (1024.0 * 1024.0);
        AllocateAndTouch(Megabytes);
        PeakMemory peak = probe.Stop();

        Assert.True(peak.Megabytes >= before + Megabytes * 0.9, $"peak {peak.Megabytes:F0} MiB, resident before {before:F0} MiB, allocated {Megabytes} MiB");
        Assert.Contains("sampled", peak.Source);
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
    /// raise the resident size at all). Pages count as resident only once written; held a while so that a sampling probe sees
    /// them too; then freed.</summary>
    private static void AllocateAndTouch(int megabytes)
    {
        nint size = (nint)megabytes * 1024 * 1024;
        nint block = Marshal.AllocHGlobal(size);
        try
        {
            for (nint offset = 0; offset < size; offset += 4096) Marshal.WriteByte(block, (int)offset, 1);
            Thread.Sleep(50);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
