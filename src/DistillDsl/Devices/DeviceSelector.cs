using System.Text.RegularExpressions;
using TorchSharp;

namespace DistillDsl.Devices;

/// <summary>Turns the device text users type (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) into a torch device,
/// failing with a clear message instead of a native crash when the backend or the GPU is absent.</summary>
public static partial class DeviceSelector
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>Names offered to users (tab completion, help).</summary>
    public static IReadOnlyList<string> KnownNames => [Cpu, Cuda, "cuda:0"];

    [GeneratedRegex(@"^(cpu|cuda)(?::(\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DevicePattern();

    /// <summary>Parses and checks a device name; throws <see cref="DeviceUnavailableException"/> with the reason.</summary>
    public static torch.Device Resolve(string? name)
    {
        string text = string.IsNullOrWhiteSpace(name) ? Cpu : name.Trim();
        Match match = DevicePattern().Match(text);
        if (!match.Success)
        {
            throw new DeviceUnavailableException(text, "expected 'cpu', 'cuda' or 'cuda:N' (N = GPU index).");
        }

        bool isCuda = match.Groups[1].Value.Equals(Cuda, StringComparison.OrdinalIgnoreCase);
        if (!isCuda)
        {
            if (match.Groups[2].Success) throw new DeviceUnavailableException(text, "the CPU device takes no index; use 'cpu'.");
            return torch.CPU;
        }

        if (!torch.cuda.is_available())
        {
            throw new DeviceUnavailableException(text,
                "CUDA is not available in this build or on this machine. This build uses the LibTorch backend " +
                $"'{TorchBackend.Name}'; build with -p:DistillTorchBackend=cuda-windows on a Windows machine with an NVIDIA GPU, or use -Device cpu.");
        }

        int index = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        int count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new DeviceUnavailableException(text, $"this machine has {count} CUDA device(s) (cuda:0..cuda:{count - 1}).");
        }
        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Waits for queued GPU work so that timings are real; a no-op on the CPU.</summary>
    public static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
