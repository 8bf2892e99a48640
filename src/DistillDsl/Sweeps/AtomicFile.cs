using System.Text;

namespace DistillDsl.Sweeps;

/// <summary>Whole-file writes that readers never see half done: the text goes to a temp file in the same folder (so the
/// rename stays on one file system), is flushed, then renamed over the target.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temp = TempBeside(path);
        Write(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the file only if it does not exist yet, atomically; false when another writer got there first.</summary>
    public static bool TryCreate(string path, string text)
    {
        string temp = TempBeside(path);
        Write(temp, text);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    private static string TempBeside(string path) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!,
            $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static void Write(string temp, string text)
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
