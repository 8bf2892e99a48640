namespace DistillDsl.Tests;

/// <summary>Folders outside the test output that some tests use: the repository (the folder holding DistillDsl.sln, found
/// by walking up from the test assembly) and the data shared beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real MTD data: DISTILLDSL_MTD, else <c>../shared/data/mtd</c> beside the repository.</summary>
    public static string Mtd =>
        Environment.GetEnvironmentVariable("DISTILLDSL_MTD") is { Length: > 0 } path
            ? path
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "mtd"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DistillDsl.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No DistillDsl.sln above {AppContext.BaseDirectory}.");
    }
}
