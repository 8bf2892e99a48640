namespace DistillDsl.Spec.Tests;

/// <summary>The configs under configs/, copied beside the test assembly by the project file.</summary>
internal static class ShippedConfigs
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "configs");

    public static IReadOnlyList<string> Paths => Directory.GetFiles(Folder, "*.yaml").OrderBy(p => p, StringComparer.Ordinal).ToList();

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    /// <summary>Display path used in spans, as the build would print it.</summary>
    public static string DisplayPath(string fileName) => "configs/" + fileName;

    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (string path in Paths) data.Add(Path.GetFileName(path));
        return data;
    }
}
