namespace DistillDsl.Speed;

/// <summary>This process's resident set size (VmRSS of /proc/self/status, Linux), in MiB; null elsewhere.</summary>
internal static class ResidentMemory
{
    public static double? MiB()
    {
        const string file = "/proc/self/status";
        if (!File.Exists(file)) return null;
        string? line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        if (line is null) return null;
        string kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
