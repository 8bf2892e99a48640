using System.Diagnostics;

namespace DistillDsl.Sweeps;

/// <summary>Tells each cell's state from its folder and, for cells submitted to Slurm, the queue. The queue is read
/// first: a task that finishes in between then shows as done (its result.json is there), never as lost.</summary>
public static class CellStatusReader
{
    private const int LogTailLines = 15;

    /// <param name="queue">squeue's tasks; null when Slurm cannot be asked (only the folders count then).</param>
    /// <param name="accounting">sacct's final states, empty without accounting.</param>
    public static IReadOnlyList<CellStatus> Read(SweepManifest manifest, IReadOnlyDictionary<string, SlurmTaskState>? queue,
        IReadOnlyDictionary<string, SlurmTaskState> accounting)
    {
        SweepLayout layout = manifest.Layout;
        IReadOnlyDictionary<int, string> latest = SlurmSubmission.LatestTasks(SlurmSubmission.ReadAll(layout));
        return manifest.Cells.Select(cell => Read(layout, cell, latest.GetValueOrDefault(cell.Index), queue, accounting)).ToList();
    }

    private static CellStatus Read(SweepLayout layout, SweepCell cell, string? task, IReadOnlyDictionary<string, SlurmTaskState>? queue,
        IReadOnlyDictionary<string, SlurmTaskState> accounting)
    {
        string folder = layout.CellFolder(cell);
        string? slurmLog = task is null ? null : SlurmLogOf(layout, task);
        if (File.Exists(layout.Result(cell)))
        {
            CellResult result = SweepJson.Read<CellResult>(layout.Result(cell));
            return new CellStatus(cell, CellState.Done, result.SlurmJob, null, result.SlurmJob is null ? layout.CellLog(cell) : slurmLog, null, folder);
        }
        if (task is not null && queue is not null && queue.TryGetValue(task, out SlurmTaskState? queued))
        {
            CellState state = queued.State is "PENDING" or "REQUEUED" or "SUSPENDED" ? CellState.Pending : CellState.Running;
            return new CellStatus(cell, state, task, $"{queued.State} {queued.Reason}".Trim(), slurmLog, null, folder);
        }

        CellAttempt? started = File.Exists(layout.Started(cell)) ? SweepJson.Read<CellAttempt>(layout.Started(cell)) : null;
        CellAttempt? failed = File.Exists(layout.Failed(cell)) ? SweepJson.Read<CellAttempt>(layout.Failed(cell)) : null;
        bool submittedSince = task is not null && started?.SlurmJob != task && failed?.SlurmJob != task; // a submission no attempt has answered yet
        string? log = started?.SlurmJob is string startedTask ? SlurmLogOf(layout, startedTask) : started is not null ? layout.CellLog(cell) : slurmLog;

        if (submittedSince && queue is null)
        {
            return new CellStatus(cell, CellState.Pending, task, $"submitted as {task}, not started; the queue could not be asked", slurmLog, null, folder);
        }
        if (submittedSince)
        {
            string final = accounting.TryGetValue(task!, out SlurmTaskState? done) ? $" (sacct: {done.State})" : " (cancelled before it ran?)";
            return Failed(cell, task, $"submitted as {task}, no longer queued, and it never started{final}", slurmLog, folder);
        }
        if (failed is not null && (started is null || failed.Time >= started.Time))
        {
            return Failed(cell, failed.SlurmJob, failed.Error ?? "failed", failed.SlurmJob is string f ? SlurmLogOf(layout, f) : layout.CellLog(cell), folder);
        }
        if (started is not null)
        {
            if (started.SlurmJob is null && started.Host == Environment.MachineName && IsAlive(started.ProcessId))
            {
                return new CellStatus(cell, CellState.Running, null, $"process {started.ProcessId} on {started.Host}", log, null, folder);
            }
            if (started.SlurmJob is not null && queue is null)
            {
                return new CellStatus(cell, CellState.Running, started.SlurmJob, "started; the queue could not be asked", log, null, folder);
            }
            string final = started.SlurmJob is string t && accounting.TryGetValue(t, out SlurmTaskState? done) ? $" (sacct: {done.State})" : "";
            string how = started.SlurmJob is null ? $"process {started.ProcessId} on {started.Host}" : $"Slurm task {started.SlurmJob}";
            return Failed(cell, started.SlurmJob, $"{how} ended without a result{final}: killed, cancelled or out of time", log, folder);
        }
        return new CellStatus(cell, CellState.NotStarted, null, null, null, null, folder);
    }

    private static CellStatus Failed(SweepCell cell, string? task, string reason, string? log, string folder) =>
        new(cell, CellState.Failed, task, reason, log, Tail(log), folder);

    private static string SlurmLogOf(SweepLayout layout, string task)
    {
        int underscore = task.LastIndexOf('_');
        return layout.SlurmLog(task[..underscore], int.Parse(task[(underscore + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The last lines of a log; null when there is none.</summary>
    public static string? Tail(string? path)
    {
        if (path is null || !File.Exists(path)) return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            string[] lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(LogTailLines + 1)).TrimEnd();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
