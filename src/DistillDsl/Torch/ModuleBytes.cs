using static TorchSharp.torch;

namespace DistillDsl.Torch;

/// <summary>A module's state (parameters and buffers) as bytes in TorchSharp's format (<c>Module.save</c>), and back.</summary>
internal static class ModuleBytes
{
    public static byte[] Save(nn.Module module)
    {
        using var buffer = new MemoryStream();
        module.save(buffer);
        return buffer.ToArray();
    }

    public static void Load(nn.Module module, byte[] bytes)
    {
        using var buffer = new MemoryStream(bytes, writable: false);
        module.load(buffer, strict: true);
    }
}
