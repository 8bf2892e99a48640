using System.Diagnostics;
using System.Reflection;

namespace DistillDsl.Generators.Tests;

/// <summary>The generator inside the real compiler: `dotnet build` of a consumer project (tests/GeneratorConsumer, which
/// references the generator the way src/DistillDsl does) must load it together with YamlDotNet and print the config
/// error at the YAML file, line and column, and nothing else.</summary>
public class CompilerBuildTests
{
    [Fact]
    public async Task Dotnet_build_prints_the_config_error_at_its_yaml_line_and_column()
    {
        string project = typeof(CompilerBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
        string consumer = Path.GetFullPath(Path.Combine(project, "..", "GeneratorConsumer", "GeneratorConsumer.csproj"));

        var start = new ProcessStartInfo("dotnet", ["build", consumer, "-nologo", "-v:q", "-p:UseSharedCompilation=false", "-nodeReuse:false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's own MSBuild settings must not leak into the child build.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using Process build = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Task<string> error = build.StandardError.ReadToEndAsync(timeout.Token);
        string output = await build.StandardOutput.ReadToEndAsync(timeout.Token) + await error;
        await build.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, build.ExitCode);
        string expected = Path.Combine("configs", "broken.yaml") + "(10,5): error DD0002: Unknown key 'alpah'";
        Assert.Contains(expected, output);
        string[] others = output.Split('\n')
            .Where(line => line.Contains(": error ") || line.Contains(": warning "))
            .Where(line => !line.Contains(expected))
            .Distinct().ToArray();
        Assert.True(others.Length == 0, "other diagnostics: " + string.Join("\n", others));
    }
}
