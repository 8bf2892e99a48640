using System.Management.Automation;
using DistillDsl.Data;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Invoke-DistillSweepCell: runs one cell of a sweep in this session, the way every engine does (a local child
/// process and a Slurm task both call it): Invoke-DistillTraining with the cell's settings into the cell's run folder,
/// resuming from last.ckpt when an earlier attempt left one, then result.json. A finished cell is not run again: its
/// result is output as it is.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DistillSweepCell", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(CellResult))]
public sealed class InvokeDistillSweepCellCommand : DistillSweepCmdlet, IDisposable
{
    private System.Management.Automation.PowerShell? training;

    /// <summary>The cell's index (its Slurm array index) or name.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Index { get; set; } = "";

    /// <summary>Torch threads of this cell (a Slurm task passes its --cpus-per-task).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? Threads { get; set; }

    protected override void ProcessRecord()
    {
        SweepManifest manifest = ReadManifest(Path);
        SweepLayout layout = manifest.Layout;
        SweepCell cell = Guard(() => manifest.Select([Index]), Index)[0];
        if (CellRun.Finished(layout, cell) is CellResult done)
        {
            WriteVerbose($"Cell {cell.Index} '{cell.Name}' is done (result.json); not run again.");
            WriteObject(done);
            return;
        }
        if (!ShouldProcess(layout.CellFolder(cell), $"Train and evaluate cell {cell.Index} '{cell.Name}'")) return;

        using CellRun run = Guard(() => CellRun.Start(layout, cell), cell.Name);
        WriteVerbose($"Cell {cell.Index} '{cell.Name}': {(run.Resume ? "resuming from last.ckpt" : "starting")} in {run.RunFolder}.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        DistillTrainingResult? trained = null;
        string? error = null;
        try
        {
            (trained, error) = Train(manifest.Description, cell, run);
        }
        catch (RuntimeException e)
        {
            error = e.Message;
        }
        if (Stopping) return; // cancelled: started.json stays, and the next attempt resumes from last.ckpt

        if (trained is null || error is not null)
        {
            error ??= "Invoke-DistillTraining output nothing.";
            run.Fail(error);
            WriteError(DistillErrors.Create(DistillErrorIds.SweepCellFailed, ErrorCategory.InvalidResult,
                $"Cell {cell.Index} '{cell.Name}' failed: {error} (see {layout.Failed(cell)})", cell.Name));
            return;
        }
        var result = new CellResult(cell.Index, cell.Name, cell.Config.Label, cell.Category, cell.Seed, trained.BestEpoch, trained.EpochsRun,
            trained.ValidationLoss, trained.Stop, trained.ImageAuroc, trained.PixelAuroc, trained.Aupro, trained.Threshold,
            clock.Elapsed.TotalSeconds, trained.CheckpointPath, trained.ReportPath, Environment.MachineName,
            CellAttempt.Now(run.Resume).SlurmJob, DateTimeOffset.UtcNow);
        run.Succeed(result);
        WriteObject(result);
    }

    protected override void StopProcessing() => training?.Stop();

    public void Dispose() => training?.Dispose();

    /// <summary>Invoke-DistillTraining in this runspace, so the cell is exactly what a user's own call would be.</summary>
    private (DistillTrainingResult? Result, string? Error) Train(SweepDescription description, SweepCell cell, CellRun run)
    {
        training = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        training.AddCommand("DistillDsl\\Invoke-DistillTraining")
            .AddParameter("Config", cell.Config.NameOrPath)
            .AddParameter("DataPath", description.DataPath)
            .AddParameter("Category", cell.Category)
            .AddParameter("Seed", cell.Seed)
            .AddParameter("Device", description.Device)
            .AddParameter("OutputPath", run.RunFolder)
            .AddParameter("Confirm", false)
            .AddParameter(run.Resume ? "Resume" : "Force", true);
        if (description.Epochs is int epochs) training.AddParameter("Epochs", epochs);
        if (description.ImageSize is int size) training.AddParameter("ImageSize", size);
        if (description.BatchSize is int batch) training.AddParameter("BatchSize", batch);
        if (description.LearningRate is double rate) training.AddParameter("LearningRate", rate);
        if (Threads is int threads) training.AddParameter("Threads", threads);
        bool skipBadImages = description.BadImages == BadSamplePolicy.SkipAndReport;
        // Each image left out is one non-terminating error; under skip they must neither stop the cell (a cell process
        // runs with ErrorActionPreference Stop) nor fail it.
        if (skipBadImages) training.AddParameter("BadImage", nameof(DistillBadImage.Skip)).AddParameter("ErrorAction", ActionPreference.Continue);

        var output = training.Invoke();
        DistillTrainingResult? result = output.Select(o => o?.BaseObject).OfType<DistillTrainingResult>().LastOrDefault();
        var errors = new List<ErrorRecord>();
        foreach (ErrorRecord record in training.Streams.Error)
        {
            if (skipBadImages && record.FullyQualifiedErrorId.StartsWith(DistillErrorIds.ImageUnreadable, StringComparison.Ordinal))
            {
                WriteWarning($"Cell {cell.Index} '{cell.Name}': {record}");
            }
            else errors.Add(record);
        }
        string? error = errors.Count > 0 ? string.Join("; ", errors.Select(e => e.ToString())) : null;
        return (result, error);
    }
}
