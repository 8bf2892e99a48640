using System.Management.Automation;
using DistillDsl.IO;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Progress;
using DistillDsl.PowerShell.Sweeps;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Invoke-DistillSweep: a sweep's cells (configs × categories × seeds) that are not done yet, run on this
/// machine (-Engine Local: child processes, -ThrottleLimit at a time, each with its share of the cores) or submitted as
/// one Slurm array job (-Engine Slurm). Run it again with the same description (or -Path of the sweep) to continue: done
/// cells are skipped, half-done ones resume from last.ckpt, and on Slurm only cells neither done nor queued are submitted.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DistillSweep", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DescriptionSet)]
[OutputType(typeof(CellResult), typeof(DistillSweepSubmission))]
public sealed class InvokeDistillSweepCommand : DistillSweepCmdlet, IDisposable
{
    private const string DescriptionSet = "Description";
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>A sweep YAML file or a hashtable with the same keys.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DescriptionSet)]
    public object Description { get; set; } = "";

    /// <summary>The sweep root; replaces the description's output.</summary>
    [Parameter(ParameterSetName = DescriptionSet)]
    public string? OutputPath { get; set; }

    [Parameter]
    public SweepEngine Engine { get; set; } = SweepEngine.Local;

    /// <summary>Only these cells (names or indices); default: every cell that is not done (and, on Slurm, not queued).</summary>
    [Parameter]
    public string[] Cell { get; set; } = [];

    /// <summary>Local: cells at once.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Local: torch threads per cell; the cores divided by -ThrottleLimit when omitted.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? ThreadsPerCell { get; set; }

    /// <summary>Slurm: --cpus-per-task, also each task's torch threads.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int CpusPerTask { get; set; } = 4;

    /// <summary>Slurm: --time of each task.</summary>
    [Parameter]
    public string Time { get; set; } = "04:00:00";

    /// <summary>Slurm: --mem of each task.</summary>
    [Parameter]
    public string Memory { get; set; } = "8G";

    [Parameter]
    public string? Partition { get; set; }

    [Parameter]
    public string? Account { get; set; }

    /// <summary>Slurm: at most this many tasks at once (the array's %N).</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int? MaxRunning { get; set; }

    /// <summary>Slurm: submit held; `scontrol release &lt;job&gt;` lets the tasks start.</summary>
    [Parameter]
    public SwitchParameter Hold { get; set; }

    /// <summary>The pwsh that runs each cell; this session's by default (on a cluster: the path on the compute nodes).</summary>
    [Parameter]
    public string? PwshPath { get; set; }

    /// <summary>The DistillDsl.psd1 each cell imports; this session's by default.</summary>
    [Parameter]
    public string? ModulePath { get; set; }

    protected override void ProcessRecord()
    {
        SweepManifest manifest = ParameterSetName == DescriptionSet ? OpenOrCreate(ReadDescription(Description, OutputPath)) : ReadManifest(Path);
        IReadOnlyList<SweepCell> selected = Guard(() => manifest.Select(Cell), Cell);
        WriteVerbose($"Sweep '{manifest.Description.Name}' ({manifest.Hash[..12]}) in {manifest.Layout.Root}: {manifest.Cells.Count} cells, {selected.Count} selected.");
        if (Engine == SweepEngine.Local) RunLocally(manifest, selected);
        else Submit(manifest, selected);
    }

    protected override void StopProcessing() => cancellation.Cancel();

    public void Dispose() => cancellation.Dispose();

    private void RunLocally(SweepManifest manifest, IReadOnlyList<SweepCell> selected)
    {
        int cores = Environment.ProcessorCount;
        int threads = ThreadsPerCell ?? Math.Max(1, cores / ThrottleLimit);
        if (ThrottleLimit * threads > cores)
        {
            throw Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                $"-ThrottleLimit {ThrottleLimit} × {threads} threads per cell = {ThrottleLimit * threads} threads on {cores} cores: that oversubscribes this machine; lower -ThrottleLimit or -ThreadsPerCell.", ThrottleLimit);
        }
        SweepLayout layout = manifest.Layout;
        var queue = new Queue<SweepCell>();
        foreach (SweepCell cell in selected)
        {
            if (CellRun.Finished(layout, cell) is CellResult done)
            {
                WriteVerbose($"Cell {cell.Index} '{cell.Name}' is done; not run again.");
                WriteObject(done);
            }
            else if (ShouldProcess(layout.CellFolder(cell), $"Train and evaluate cell {cell.Index} '{cell.Name}' ({threads} threads)"))
            {
                queue.Enqueue(cell);
            }
        }

        IReadOnlyList<string> pwsh = CellCommand.Pwsh(PwshPath);
        string module = CellCommand.Module(MyInvocation.MyCommand.Module, ModulePath);
        var running = new List<LocalCellProcess>();
        int total = queue.Count, finished = 0;
        try
        {
            while ((queue.Count > 0 || running.Count > 0) && !cancellation.IsCancellationRequested)
            {
                while (running.Count < ThrottleLimit && queue.Count > 0)
                {
                    SweepCell cell = queue.Dequeue();
                    var command = CellCommand.For(pwsh, module, layout.Root, cell.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var child = new LocalCellProcess(cell, command, layout.CellLog(cell), threads);
                    running.Add(child);
                    WriteVerbose($"Cell {cell.Index} '{cell.Name}' started (process {child.ProcessId}, {threads} threads, log {layout.CellLog(cell)}).");
                }
                Progress(manifest, total, finished, running);
                try
                {
                    Task.WhenAny(running.Select(r => r.WaitAsync(cancellation.Token))).Wait(cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                foreach (LocalCellProcess child in running.Where(r => r.HasExited).ToList())
                {
                    running.Remove(child);
                    finished++;
                    Report(layout, child);
                    child.Dispose();
                }
            }
        }
        finally
        {
            // Ctrl+C: the children are killed; their last.ckpt stays and the next run resumes them.
            foreach (LocalCellProcess child in running)
            {
                child.Kill();
                child.Dispose();
            }
            WriteProgress(new ProgressRecord(ProgressIds.Sweep, $"Sweep {manifest.Description.Name}", "done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Report(SweepLayout layout, LocalCellProcess child)
    {
        if (CellRun.Finished(layout, child.Cell) is CellResult result)
        {
            WriteVerbose($"Cell {child.Cell.Index} '{child.Cell.Name}' done: image AUROC {result.ImageAuroc:F3}.");
            WriteObject(result);
            return;
        }
        string? reason = Guard(() => CellRun.LastError(layout, child.Cell), child.Cell.Name);
        WriteError(DistillErrors.Create(DistillErrorIds.SweepCellFailed, ErrorCategory.InvalidResult,
            $"Cell {child.Cell.Index} '{child.Cell.Name}' ended (exit {child.ExitCode}) without a result{(reason is null ? "" : $": {reason}")}. " +
            $"Log {layout.CellLog(child.Cell)}:\n{CellStatusReader.Tail(layout.CellLog(child.Cell)) ?? "(empty)"}", child.Cell.Name));
    }

    private void Progress(SweepManifest manifest, int total, int finished, List<LocalCellProcess> running)
    {
        int percent = total == 0 ? 100 : 100 * finished / total;
        WriteProgress(new ProgressRecord(ProgressIds.Sweep, $"Sweep {manifest.Description.Name}",
            $"{finished} of {total} cells finished; running {string.Join(", ", running.Select(r => r.Cell.Name))}") { PercentComplete = percent });
    }

    private void Submit(SweepManifest manifest, IReadOnlyList<SweepCell> selected)
    {
        if (!SlurmClient.IsInstalled)
        {
            throw Terminate(DistillErrorIds.SlurmUnavailable, ErrorCategory.ResourceUnavailable, "sbatch is not on the PATH: this machine is no Slurm client (-Engine Local runs here).", null);
        }
        // Only cells that are neither done nor already waiting or running in the queue: resubmitting a sweep reruns its failures alone.
        var states = ReadStates(manifest).ToDictionary(s => s.Cell.Index);
        var cells = selected.Where(c => states[c.Index].State is CellState.NotStarted or CellState.Failed).ToList();
        foreach (SweepCell skipped in selected.Except(cells))
        {
            WriteVerbose($"Cell {skipped.Index} '{skipped.Name}' is {states[skipped.Index].State}; not submitted.");
        }
        if (cells.Count == 0)
        {
            WriteWarning($"Nothing to submit: the {selected.Count} selected cells are done, pending or running (Get-DistillSweep '{manifest.Layout.Root}').");
            return;
        }

        bool gpu = manifest.Description.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);
        var options = new SlurmJobOptions(CpusPerTask, Time, Memory, gpu, Partition, Account, MaxRunning, Hold);
        var command = CellCommand.For(CellCommand.Pwsh(PwshPath), CellCommand.Module(MyInvocation.MyCommand.Module, ModulePath), manifest.Layout.Root,
            "$env:SLURM_ARRAY_TASK_ID", "$env:SLURM_CPUS_PER_TASK");
        var indices = cells.Select(c => c.Index).ToList();
        string script;
        try
        {
            script = SlurmBatchScript.Write(manifest, indices, options, command);
        }
        catch (ArgumentException e)
        {
            throw Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, e.Message, null);
        }
        SweepLayout layout = manifest.Layout;
        string scriptPath = System.IO.Path.Combine(layout.SlurmFolder, $"submit-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss-fff}.sbatch");
        if (!ShouldProcess(layout.Root, $"Write {scriptPath} and submit {cells.Count} cells ({SlurmBatchScript.ArraySpec(indices)}) with sbatch")) return;

        Directory.CreateDirectory(layout.SlurmLogs);
        AtomicFile.WriteAllText(scriptPath, script);
        WriteVerbose($"Wrote {scriptPath}; submitting array {SlurmBatchScript.ArraySpec(indices)}.");
        string jobId;
        try
        {
            jobId = SlurmClient.Submit(scriptPath);
        }
        catch (SweepException e)
        {
            throw Terminate(DistillErrorIds.SlurmUnavailable, ErrorCategory.ResourceUnavailable, e.Message, scriptPath);
        }
        SlurmSubmission.Append(layout, new SlurmSubmission(jobId, indices, scriptPath, DateTimeOffset.UtcNow));
        WriteVerbose($"Submitted job {jobId}{(Hold ? " (held)" : "")}.");
        WriteObject(new DistillSweepSubmission(manifest.Description.Name, jobId, [.. indices], [.. cells.Select(c => c.Name)], scriptPath, Hold, layout.Root));
    }
}
