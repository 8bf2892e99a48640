namespace DistillDsl.Devices;

/// <summary>Which LibTorch backend this build links (chosen at build time by the DistillTorchBackend property).</summary>
public static class TorchBackend
{
    public static string Name =>
        typeof(TorchBackend).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DistillTorchBackend")?.Value ?? "cpu";
}
