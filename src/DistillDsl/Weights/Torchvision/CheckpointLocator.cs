namespace DistillDsl.Weights.Torchvision;

/// <summary>Finds a checkpoint file: at an explicit path, or by file name in torch's hub checkpoint folders
/// (see <see cref="TorchHubEnvironment.CheckpointDirectories"/>).</summary>
public static class CheckpointLocator
{
    /// <summary>The explicit path when given (it must exist), otherwise the first hub folder holding
    /// <paramref name="fileName"/>.</summary>
    /// <exception cref="WeightsException">Not found; the message lists every place looked at and where to get the file.</exception>
    public static string Locate(string? explicitPath, string fileName, TorchHubEnvironment environment) =>
        Locate(explicitPath, [fileName], environment);

    /// <summary>As <see cref="Locate(string?, string, TorchHubEnvironment)"/>, accepting any of several names for the same
    /// weights (preferred first); each hub folder is searched for every name before the next folder.</summary>
    public static string Locate(string? explicitPath, IReadOnlyList<string> fileNames, TorchHubEnvironment environment)
    {
        string fileName = fileNames[0];
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            string fullPath = Path.GetFullPath(explicitPath);
            if (File.Exists(fullPath)) return fullPath;
            throw NotFound(Path.GetFileName(fullPath), [fullPath], environment);
        }

        List<string> candidates = environment.CheckpointDirectories().SelectMany(d => fileNames.Select(name => Path.Combine(d, name))).ToList();
        return candidates.FirstOrDefault(File.Exists) ?? throw NotFound(fileName, candidates, environment);
    }

    private static WeightsException NotFound(string fileName, IReadOnlyList<string> searched, TorchHubEnvironment environment)
    {
        string where = TorchvisionCheckpoints.DownloadUrl(fileName) is { } url
            ? $"Download it from {url} into {environment.CheckpointDirectories()[0]}, or pass its path."
            : "Pass the path of the file, or put it in one of the folders above.";
        return new WeightsException(
            $"Checkpoint '{fileName}' was not found. Looked for: {string.Join(", ", searched)}. {where}",
            fileName, searched);
    }
}
