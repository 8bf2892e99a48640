using System.Globalization;

namespace DistillDsl.Timing;

/// <summary>The process's peak resident set size on Linux, from the kernel's own high-water mark: writing 5 to
/// /proc/self/clear_refs resets VmHWM to the current RSS, and /proc/self/status reports VmHWM afterwards. Exact, and
/// unlike sampling it misses no short peak. It is the whole process (runtime, weights and activations), not the graph alone;
/// memory freed before the point is first returned to the system (<see cref="NativeHeap.Release"/>), so earlier points do not count.</summary>
public sealed class LinuxPeakRss : IPeakMemoryProbe
{
    public const string SourceName = "peak RSS of the process (Linux VmHWM, reset per point)";

    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";

    /// <summary>True where the high-water mark can be read and reset (Linux ≥ 4.0, /proc writable by the process).</summary>
    public static bool IsSupported()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Status)) return false;
        try
        {
            ResetHighWaterMark();
            return ReadKilobytes("VmHWM:") is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Start()
    {
        NativeHeap.Release();
        ResetHighWaterMark();
    }

    public PeakMemory Stop() =>
        ReadKilobytes("VmHWM:") is long kilobytes
            ? new PeakMemory(kilobytes / 1024.0, SourceName)
            : new PeakMemory(null, $"{Status} has no VmHWM line");

    public void Dispose()
    {
        // Nothing held between points.
    }

    private static void ResetHighWaterMark() => File.WriteAllText(ClearRefs, "5");

    private static long? ReadKilobytes(string key)
    {
        foreach (string line in File.ReadLines(Status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            // "VmHWM:	  123456 kB"
            string number = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(number, CultureInfo.InvariantCulture);
        }
        return null;
    }
}
