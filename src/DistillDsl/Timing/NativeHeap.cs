using System.Runtime.InteropServices;

namespace DistillDsl.Timing;

/// <summary>Gives memory that was freed back to the operating system before a point is measured. LibTorch frees tensors
/// with glibc's free, which keeps much of the freed memory resident; without a trim, each point's "peak RSS" would carry the
/// largest earlier point's leftovers (seen: the peak grew with every config of a sweep, whatever the config).</summary>
internal static class NativeHeap
{
    /// <summary>Collects managed garbage (so finalisers free any native tensors they own), then trims glibc's heap; a no-op
    /// where glibc is absent.</summary>
    public static void Release()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no malloc_trim: the peak then includes retained memory.
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
