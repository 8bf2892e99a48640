using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>Chooses how peak memory is measured on a device.</summary>
public static class PeakMemoryProbes
{
    private static readonly Lazy<bool> LinuxHighWaterMark = new(LinuxPeakRss.IsSupported);

    public static IPeakMemoryProbe For(Device device) =>
        device.type == DeviceType.CUDA ? new CudaMemoryUnavailable()
        : LinuxHighWaterMark.Value ? new LinuxPeakRss()
        : new SampledWorkingSet();
}
