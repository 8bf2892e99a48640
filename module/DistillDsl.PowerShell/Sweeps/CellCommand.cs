using System.Management.Automation;

namespace DistillDsl.PowerShell.Sweeps;

/// <summary>The command line of one cell's process: this very PowerShell (or -PwshPath) importing this very module (or
/// -ModulePath) and running Invoke-DistillSweepCell, for child processes of the local engine and for Slurm tasks.</summary>
internal static class CellCommand
{
    /// <summary>argv of pwsh; a pwsh run by `dotnet tool run` is dotnet plus pwsh.dll.</summary>
    public static IReadOnlyList<string> Pwsh(string? pwshPath)
    {
        if (pwshPath is not null) return [pwshPath];
        string process = Environment.ProcessPath ?? "pwsh";
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [process, Environment.GetCommandLineArgs()[0]];
        }
        return [process];
    }

    /// <summary>The module manifest the current session loaded the cmdlets from.</summary>
    public static string Module(PSModuleInfo? module, string? modulePath)
    {
        if (modulePath is not null) return modulePath;
        string folder = module?.ModuleBase ?? Path.GetDirectoryName(typeof(CellCommand).Assembly.Location)!;
        string manifest = Path.Combine(folder, "DistillDsl.psd1");
        return File.Exists(manifest) ? manifest : typeof(CellCommand).Assembly.Location;
    }

    /// <param name="index">A PowerShell expression: a number, or $env:SLURM_ARRAY_TASK_ID.</param>
    /// <param name="threads">Likewise: a number, or $env:SLURM_CPUS_PER_TASK.</param>
    public static IReadOnlyList<string> For(IReadOnlyList<string> pwsh, string module, string sweepRoot, string index, string threads)
    {
        string script = "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; " +
                        $"Import-Module {Quote(module)}; " +
                        $"Invoke-DistillSweepCell -Path {Quote(sweepRoot)} -Index {index} -Threads {threads} -Confirm:$false | Format-List";
        return [.. pwsh, "-NoProfile", "-NonInteractive", "-Command", script];
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
