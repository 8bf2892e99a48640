using Xunit.Abstractions;

namespace DistillDsl.Module.Tests;

/// <summary>One xunit test per Pester file under Pester/: each runs in a fresh pwsh that imports the built module,
/// so a failure names the file, and the Pester output (every It block) is in the test's output.</summary>
public sealed class PesterTests(ITestOutputHelper output)
{
    public static TheoryData<string> PesterFiles()
    {
        var files = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(BuildPaths.PesterTestsFolder, "*.Tests.ps1").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(file));
        }
        return files;
    }

    [Theory]
    [MemberData(nameof(PesterFiles))]
    public void Pester_file_passes(string file)
    {
        Assert.True(File.Exists(BuildPaths.ModuleManifest), $"The module was not built: {BuildPaths.ModuleManifest}");
        string path = Path.Combine(BuildPaths.PesterTestsFolder, file);
        string command = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{BuildPaths.PesterManifest}}' -MinimumVersion 5.7 -MaximumVersion 5.99
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = '{{path}}'
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'Detailed'
            $configuration.Output.RenderMode = 'Plaintext'
            $result = Invoke-Pester -Configuration $configuration
            if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0) { exit 1 }
            exit 0
            """;
        PwshProcess.Result result = PwshProcess.Run(command, TimeSpan.FromMinutes(15));
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"Pester file {file} failed (exit {result.ExitCode}):\n{Tail(result.Output, 6000)}");
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
