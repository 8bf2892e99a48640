namespace DistillDsl.IO;

/// <summary>Every file the program writes goes through here: written to a temporary name beside the target, then renamed,
/// so a crash never leaves a half-written checkpoint, report or picture.</summary>
public static class AtomicFile
{
    /// <summary>Fault injection for the kill-safety tests, and nothing else: when set, it is called with the target's full
    /// path after the content went to the temporary and before it is flushed and renamed — the middle of a write — so a
    /// test process can stop there and be killed at a known point. Null in every normal run (nothing sets it outside
    /// tests/DistillDsl.KillTarget).</summary>
    internal static Action<string>? DuringWrite;

    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        string temporary = fullPath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                DuringWrite?.Invoke(fullPath);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Deletes the temporaries a killed process left beside <paramref name="path"/> (<c>&lt;name&gt;.&lt;8 hex&gt;.tmp</c>);
    /// returns their paths. Only for a folder no live process writes to: a writer's own temporary would go too.</summary>
    public static IReadOnlyList<string> DeleteStaleTemporaries(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(fullPath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return [];
        string prefix = Path.GetFileName(fullPath) + ".";
        var deleted = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
        {
            if (Path.GetFileName(file).Length != prefix.Length + 12 || !IsTemporary(file)) continue;
            File.Delete(file);
            deleted.Add(file);
        }
        return deleted;
    }

    /// <summary>Deletes every temporary a killed process left in <paramref name="folder"/> (not below it), whatever its
    /// target; returns their paths. Only for a folder no live process writes to.</summary>
    public static IReadOnlyList<string> DeleteStaleTemporariesIn(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var deleted = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.tmp").Where(IsTemporary))
        {
            File.Delete(file);
            deleted.Add(file);
        }
        return deleted;
    }

    /// <summary>A name this class gives its temporaries: &lt;target&gt;.&lt;8 hex&gt;.tmp.</summary>
    public static bool IsTemporary(string path)
    {
        string name = Path.GetFileName(path);
        if (!name.EndsWith(".tmp", StringComparison.Ordinal) || name.Length < 14 || name[^13] != '.') return false;
        return name[^12..^4].All(Uri.IsHexDigit);
    }

    /// <summary>Writes the file only if it does not exist yet, atomically; false when another writer got there first (two
    /// processes racing for one manifest: exactly one wins).</summary>
    public static bool TryCreate(string path, string text)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = fullPath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        WriteAllText(temporary, text);
        try
        {
            File.Move(temporary, fullPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            File.Delete(temporary);
            return false;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
}
