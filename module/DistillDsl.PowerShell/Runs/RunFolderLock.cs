using System.Diagnostics;
using System.Globalization;

namespace DistillDsl.PowerShell.Runs;

/// <summary>Keeps two trainings out of one output folder: <c>run.lock</c> holds the owner's process id, is created
/// exclusively, and is deleted when the run ends. A lock whose process is gone (killed, crashed) is stale and taken over.</summary>
internal sealed class RunFolderLock : IDisposable
{
    public const string FileName = "run.lock";

    private readonly string path;

    private RunFolderLock(string path) => this.path = path;

    /// <summary>The lock, or null with the owner's process id when a live process holds it.</summary>
    public static RunFolderLock? TryAcquire(string folder, out int owner)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        // Two tries: the second after removing a stale lock (another process may win that race; then it is live).
        for (int attempt = 0; attempt < 2; attempt++)
        {
            // Written beside it, then moved in without overwriting: the lock appears with its pid in it or not at all, so
            // a reader never sees an empty lock and mistakes it for a stale one.
            string temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
            File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            try
            {
                File.Move(temporary, path, overwrite: false);
                owner = Environment.ProcessId;
                return new RunFolderLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                owner = ReadOwner(path);
                if (owner == 0 || IsAlive(owner)) return null;
                File.Delete(path);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        owner = ReadOwner(path);
        return null;
    }

    public void Dispose() => File.Delete(path);

    private static int ReadOwner(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
    }
}
