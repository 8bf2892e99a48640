using System.Diagnostics;
using System.Text;

namespace DistillDsl.Module.Tests;

/// <summary>Runs the repository's local pwsh (the dotnet tool of .config/dotnet-tools.json) as a separate process,
/// with no profile, as a user's fresh session would be.</summary>
internal static class PwshProcess
{
    private static readonly Lazy<string> ToolRestore = new(RestoreTools);

    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string command, TimeSpan timeout)
    {
        _ = ToolRestore.Value;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = BuildPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", command })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DISTILLDSL_MODULE"] = BuildPaths.ModuleManifest;
        start.Environment["DISTILLDSL_REPOSITORY"] = BuildPaths.RepositoryRoot;
        return RunProcess(start, timeout);
    }

    private static string RestoreTools()
    {
        var start = new ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = BuildPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Result result = RunProcess(start, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"'dotnet tool restore' failed:\n{result.Output}");
        return result.Output;
    }

    private static Result RunProcess(ProcessStartInfo start, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            lock (output) output.AppendLine($"[killed after {timeout.TotalSeconds:F0} s]");
            return new Result(-1, output.ToString());
        }
        process.WaitForExit();
        lock (output) return new Result(process.ExitCode, output.ToString());
    }
}
