using System.Reflection;

namespace DistillDsl.Module.Tests;

/// <summary>Paths the build wrote into this assembly's metadata (see the .csproj).</summary>
internal static class BuildPaths
{
    public static string ModuleManifest => Get("DistillModuleManifest");
    public static string PesterManifest => Get("PesterManifest");
    public static string PesterTestsFolder => Get("PesterTestsFolder");
    public static string RepositoryRoot => Get("RepositoryRoot");

    private static string Get(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see DistillDsl.Module.Tests.csproj.");
}
