namespace DistillDsl.Devices;

/// <summary>The requested device cannot be used; the message says which device and why.</summary>
public sealed class DeviceUnavailableException(string device, string reason)
    : Exception($"Device '{device}' cannot be used: {reason}")
{
    public string Device { get; } = device;
    public string Reason { get; } = reason;
}
