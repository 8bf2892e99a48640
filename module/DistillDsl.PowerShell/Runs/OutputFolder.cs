namespace DistillDsl.PowerShell.Runs;

/// <summary>Checks an output folder path before anything is computed or written, so that a path that can never be a
/// folder stops the cmdlet with a clear message instead of a raw IOException ("The file … already exists",
/// DirectoryNotFoundException) after the work is done.</summary>
internal static class OutputFolder
{
    /// <summary>Why <paramref name="folder"/> cannot be a folder (it is a file, or a file stands where one of its parent
    /// folders would be); null when it exists as a folder or can be created. Creates nothing.</summary>
    public static string? Problem(string folder)
    {
        string full = Path.GetFullPath(folder);
        if (File.Exists(full)) return $"'{full}' is a file, not a folder; give a folder path (it is created when missing).";
        for (string? parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent)) return null;
            if (File.Exists(parent)) return $"'{full}' cannot be created: '{parent}' is a file, not a folder.";
        }
        return null;
    }
}
