using System.Diagnostics;

namespace DistillDsl.Sweeps;

/// <summary>The Slurm commands a sweep uses (sbatch, squeue, sacct), run as processes. Only what they print is parsed;
/// sacct is optional (clusters without accounting answer with an error, which means "no information").</summary>
public static class SlurmClient
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>sbatch is on the PATH (a cluster may still be unreachable: that shows when it runs).</summary>
    public static bool IsInstalled => FindOnPath("sbatch") is not null;

    /// <summary>Submits the script and returns the job id.</summary>
    /// <exception cref="SweepException">sbatch is missing or refused the script (its message is in ours).</exception>
    public static string Submit(string scriptPath)
    {
        var (exit, output, error) = Run("sbatch", ["--parsable", scriptPath]);
        if (exit != 0) throw new SweepException($"sbatch refused '{scriptPath}' (exit {exit}): {error.Trim()}{output.Trim()}", scriptPath);
        string id = output.Trim().Split('\n')[^1].Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new SweepException($"sbatch accepted '{scriptPath}' but printed no job id: '{output.Trim()}'", scriptPath);
        return id;
    }

    /// <summary>The user's queued and running array tasks, one per task (squeue -r), keyed by e.g. 17_3.</summary>
    /// <exception cref="SweepException">squeue is missing or failed.</exception>
    public static IReadOnlyDictionary<string, SlurmTaskState> Queue()
    {
        var (exit, output, error) = Run("squeue", ["--me", "-h", "-r", "-o", "%i|%T|%r"]);
        if (exit != 0) throw new SweepException($"squeue failed (exit {exit}): {error.Trim()}");
        var tasks = new Dictionary<string, SlurmTaskState>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split('|');
            if (parts.Length >= 3) tasks[parts[0]] = new SlurmTaskState(parts[0], parts[1], parts[2]);
        }
        return tasks;
    }

    /// <summary>Final states of finished tasks from sacct (CANCELLED, FAILED, TIMEOUT, ...); empty when accounting is off.</summary>
    public static IReadOnlyDictionary<string, SlurmTaskState> Accounting(IEnumerable<string> jobIds)
    {
        var ids = jobIds.Distinct().ToList();
        var tasks = new Dictionary<string, SlurmTaskState>(StringComparer.Ordinal);
        if (ids.Count == 0 || FindOnPath("sacct") is null) return tasks;
        var (exit, output, _) = Run("sacct", ["-n", "-P", "-X", "-j", string.Join(',', ids), "-o", "JobID,State"]);
        if (exit != 0) return tasks; // "Slurm accounting storage is disabled": squeue and the cell folders are all there is
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split('|');
            if (parts.Length >= 2) tasks[parts[0]] = new SlurmTaskState(parts[0], parts[1].Split(' ')[0], parts[1]);
        }
        return tasks;
    }

    private static (int Exit, string Output, string Error) Run(string command, IReadOnlyList<string> arguments)
    {
        string path = FindOnPath(command) ?? throw new SweepException($"'{command}' is not on the PATH: this machine is no Slurm client.");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new SweepException($"'{path}' did not start.");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new SweepException($"'{command} {string.Join(' ', arguments)}' did not answer within {CommandTimeout.TotalSeconds:F0} s.");
        }
        return (process.ExitCode, output, error.Result);
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);
}
