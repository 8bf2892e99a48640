using System.Diagnostics;
using System.Globalization;

namespace DistillDsl.Module.Tests;

/// <summary>build/real-pwsh.sh, which run-demo.sh execs: the pwsh it names runs in the very process that started it, so a
/// signal sent to that process (Ctrl+C, kill, a scheduler's SIGKILL) reaches the training; the `dotnet tool run pwsh`
/// launcher starts pwsh as a child instead, so killing the launcher would leave the training running.</summary>
public sealed class RealPwshTests
{
    [SkippableFact]
    public void The_real_pwsh_exec_from_a_script_is_the_scripts_own_process()
    {
        Skip.If(OperatingSystem.IsWindows(), "run-demo.sh and its exec are for bash");
        _ = PwshProcess.Run("exit 0", TimeSpan.FromMinutes(5)); // restores the local tool, as run-demo.sh does first
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = BuildPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""pwsh_dll="$(bash build/real-pwsh.sh)" && exec dotnet "$pwsh_dll" -NoProfile -NonInteractive -Command '$PID'""");
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "pwsh did not exit");

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {errors}");
        Assert.Equal(process.Id, int.Parse(output.Trim(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Run_demo_execs_the_real_pwsh_not_the_launcher()
    {
        string script = File.ReadAllText(Path.Combine(BuildPaths.RepositoryRoot, "run-demo.sh"));
        string[] lines = script.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToArray();

        Assert.Contains(lines, l => l.StartsWith("exec dotnet \"$pwsh_dll\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("tool run pwsh", StringComparison.Ordinal));
    }
}
