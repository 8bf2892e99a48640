using System.Runtime.InteropServices;

namespace DistillDsl.Reports;

/// <summary>The machine a run used, so timings can be compared fairly.</summary>
/// <param name="CpuModel">From /proc/cpuinfo on Linux, PROCESSOR_IDENTIFIER on Windows; null where neither is available.</param>
/// <param name="LogicalCores">Logical processors visible to the process.</param>
/// <param name="TorchThreads">LibTorch's intra-op thread count during the run.</param>
/// <param name="Device">The torch device, e.g. "cpu" or "cuda:0".</param>
public sealed record MachineInfo(string? CpuModel, int LogicalCores, int TorchThreads, string Device, string OperatingSystem, string DotNetVersion)
{
    /// <summary>Describes this machine. The torch values are passed in, so reports need no LibTorch.</summary>
    public static MachineInfo Describe(string device, int torchThreads) => new(
        ReadCpuModel(), Environment.ProcessorCount, torchThreads, device, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    /// <summary>The first "model name" of /proc/cpuinfo's text (x86); null when there is none (e.g. many ARM kernels).</summary>
    internal static string? CpuModelFromCpuInfo(string cpuInfo)
    {
        foreach (string line in cpuInfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == "model name")
            {
                string model = line[(colon + 1)..].Trim();
                if (model.Length > 0) return model;
            }
        }
        return null;
    }

    private static string? ReadCpuModel()
    {
        const string cpuInfoPath = "/proc/cpuinfo";
        try
        {
            if (File.Exists(cpuInfoPath)) return CpuModelFromCpuInfo(File.ReadAllText(cpuInfoPath));
        }
        catch (IOException)
        {
            // Unreadable in some containers: the model is optional.
        }
        catch (UnauthorizedAccessException)
        {
        }
        string? identifier = Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
        return string.IsNullOrWhiteSpace(identifier) ? null : identifier;
    }
}
