namespace DistillDsl.Generators.Tests.Support;

/// <summary>The configs under configs/, copied beside the test assembly by the project file.</summary>
internal static class ShippedConfigs
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "configs");

    public static IReadOnlyList<string> FileNames =>
        Directory.GetFiles(Folder, "*.yaml").Select(p => Path.GetFileName(p)).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    /// <summary>The path the tests give the generator, as a build from the repository root would.</summary>
    public static string DisplayPath(string fileName) => "configs/" + fileName;

    public static IReadOnlyList<InMemoryAdditionalText> All() =>
        FileNames.Select(n => new InMemoryAdditionalText(DisplayPath(n), Read(n))).ToList();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in FileNames) data.Add(name);
        return data;
    }
}
