namespace DistillDsl.Weights.Torchvision;

/// <summary>The environment that decides where torch keeps downloaded checkpoints. A value, not a live view of the
/// process environment, so tests can describe any layout without changing environment variables.</summary>
/// <param name="TorchHome"><c>$TORCH_HOME</c>, or null when unset.</param>
/// <param name="XdgCacheHome"><c>$XDG_CACHE_HOME</c>, or null when unset.</param>
/// <param name="UserHome">The user's home folder (what <c>~</c> means).</param>
public sealed record TorchHubEnvironment(string? TorchHome, string? XdgCacheHome, string UserHome)
{
    public static TorchHubEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("TORCH_HOME"),
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Folders to search, in torch's order of preference: <c>$TORCH_HOME/hub/checkpoints</c>,
    /// <c>$XDG_CACHE_HOME/torch/hub/checkpoints</c>, <c>~/.cache/torch/hub/checkpoints</c>. Torch itself uses only the
    /// first that applies; checkpoints are looked for in all of them, so a file is found wherever torch left it.</summary>
    public IReadOnlyList<string> CheckpointDirectories()
    {
        var directories = new List<string>();
        if (!string.IsNullOrEmpty(TorchHome)) directories.Add(Path.Combine(ExpandUser(TorchHome), "hub", "checkpoints"));
        if (!string.IsNullOrEmpty(XdgCacheHome)) directories.Add(Path.Combine(ExpandUser(XdgCacheHome), "torch", "hub", "checkpoints"));
        directories.Add(Path.Combine(UserHome, ".cache", "torch", "hub", "checkpoints"));
        return directories.Select(Path.GetFullPath).Distinct().ToList();
    }

    /// <summary>torch expands a leading <c>~</c> in these variables, so the same is done here.</summary>
    private string ExpandUser(string path) =>
        path == "~" ? UserHome :
        path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal) ? Path.Combine(UserHome, path[2..]) :
        path;
}
