using System.Globalization;
using System.Text;

namespace DistillDsl.Sweeps;

/// <summary>The sbatch array script of a sweep: one array index per cell (the cell's index), the task's resources, logs
/// as slurm/logs/%A_%a.out, and a body that runs the cell command with the array index in SLURM_ARRAY_TASK_ID.</summary>
public static class SlurmBatchScript
{
    /// <param name="indices">The cells to run (all, or only the failed ones when resubmitting).</param>
    /// <param name="taskCommand">The command of one task as argv; it reads the cell index from $SLURM_ARRAY_TASK_ID.</param>
    public static string Write(SweepManifest manifest, IReadOnlyList<int> indices, SlurmJobOptions options, IReadOnlyList<string> taskCommand)
    {
        if (indices.Count == 0) throw new ArgumentException("No cells to submit.", nameof(indices));
        SweepLayout layout = manifest.Layout;
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append(CultureInfo.InvariantCulture, $"# Sweep '{manifest.Description.Name}' ({manifest.Hash[..12]}): {indices.Count} of {manifest.Cells.Count} cells; written by Invoke-DistillSweep -Engine Slurm.\n");
        foreach (int index in indices) script.Append(CultureInfo.InvariantCulture, $"#   {index}: {manifest.Cells[index].Name}\n");
        Directive(script, "--job-name", "distill-" + SweepCellExpansion.Part(manifest.Description.Name));
        Directive(script, "--array", ArraySpec(indices) + (options.MaxRunning is int max ? $"%{max}" : ""));
        Directive(script, "--cpus-per-task", options.CpusPerTask.ToString(CultureInfo.InvariantCulture));
        Directive(script, "--ntasks", "1");
        Directive(script, "--time", options.Time);
        Directive(script, "--mem", options.Memory);
        if (options.Gpu) Directive(script, "--gres", "gpu:1");
        if (options.Partition is not null) Directive(script, "--partition", options.Partition);
        if (options.Account is not null) Directive(script, "--account", options.Account);
        // Held tasks wait in the queue until `scontrol release <job>`.
        if (options.Hold) script.Append("#SBATCH --hold\n");
        Directive(script, "--output", System.IO.Path.Combine(layout.SlurmLogs, "%A_%a.out"));
        // The job's working directory is the sweep root, on the shared file system like the cells.
        Directive(script, "--chdir", layout.Root);
        script.Append("set -euo pipefail\n");
        // One thread per allocated CPU: LibTorch and OpenMP otherwise size their pools from the whole node.
        script.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\" MKL_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        script.Append("echo \"cell ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname) with ${SLURM_CPUS_PER_TASK:-1} CPUs\"\n");
        script.Append("exec ").Append(string.Join(' ', taskCommand.Select(BashQuote))).Append('\n');
        return script.ToString();
    }

    /// <summary>Indices as Slurm's compact list: 0-3,5,7-8.</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count; i++)
        {
            int start = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1) i++;
            parts.Add(start == sorted[i] ? $"{start}" : $"{start}-{sorted[i]}");
        }
        return string.Join(',', parts);
    }

    /// <summary>A word bash reads back exactly: single quotes, with each ' as '\''.</summary>
    public static string BashQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ':')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Directive(StringBuilder script, string option, string value)
    {
        if (value.Contains('\n') || value.Contains(' ')) throw new ArgumentException($"The sbatch option {option} cannot hold '{value}' (spaces or line breaks).");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH {option}={value}\n");
    }
}
