using System.Management.Automation;
using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Progress;
using DistillDsl.PowerShell.Runs;
using DistillDsl.Reports;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Invoke-DistillEvaluation: a trained checkpoint on a labelled test split: image AUROC, F1-max, pixel AUROC,
/// AUPRO and AUROC per defect type, with the report files and heat-map overlays.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DistillEvaluation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DistillEvaluationResult))]
public sealed class InvokeDistillEvaluationCommand : DistillImageRunCmdlet
{
    /// <summary>A checkpoint (best.ckpt of a training run); the CheckpointPath of Invoke-DistillTraining's result binds to it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CheckpointPath")]
    public string Checkpoint { get; set; } = "";

    /// <summary>A dataset category folder or, with -Category, a dataset root.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string DataPath { get; set; } = "";

    [Parameter]
    public string? Category { get; set; }

    /// <summary>The report folder; &lt;checkpoint folder&gt;/evaluation/&lt;category&gt; when omitted.</summary>
    [Parameter]
    public string? OutputPath { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public string Device { get; set; } = DeviceSelector.Cpu;

    [Parameter]
    [ValidateRange(1, 4096)]
    public int BatchSize { get; set; } = 8;

    /// <summary>Write the report without one heat-map overlay per test image.</summary>
    [Parameter]
    public SwitchParameter NoHeatmaps { get; set; }

    /// <summary>Draw the overlays at each image's original size instead of the model's input size.</summary>
    [Parameter]
    public SwitchParameter MapsAtOriginalSize { get; set; }

    protected override void ProcessRecord()
    {
        string checkpointPath = ResolveFileSystemPath(Checkpoint);
        DistillCheckpoint checkpoint = ReadCheckpoint(checkpointPath);
        RequireDevice(Device);
        DatasetIndex dataset = OpenDataset(DataPath, Category);
        string reportFolder = ResolveFileSystemPath(OutputPath
            ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(checkpointPath)!, "evaluation", dataset.Name));
        RequireOutputFolder(reportFolder, "-OutputPath");
        if (!ShouldProcess(reportFolder, $"Evaluate '{checkpoint.ConfigName}' on {dataset.Test.Count} test images of '{dataset.Name}' and write the report"))
        {
            return;
        }

        using DistillGraph graph = Build(() => checkpoint.BuildGraph(new GraphBuildOptions { Device = Device }), checkpointPath);
        WarnAboutSmallImages(dataset.Test.Select(s => s.ImagePath), checkpoint.ImageSize);
        WriteProgress(new ProgressRecord(ProgressIds.Evaluation, $"Evaluating {checkpoint.ConfigName} on {dataset.Name}", $"{dataset.Test.Count} test images"));
        EvaluationReport report;
        DistillEvaluationResult result;
        ReportNotWrittenException? writeFailure;
        try
        {
            var run = new RunInfo { ConfigHash = checkpoint.ConfigSha256, Seed = checkpoint.Seed, Threshold = checkpoint.Threshold };
            (report, result, writeFailure) = ModelEvaluation.Run(options => new GraphEvaluator(graph, options).Evaluate(dataset.Test, run), dataset,
                checkpointPath, Device, BatchSize, reportFolder, heatmaps: !NoHeatmaps, MapsAtOriginalSize, BadImagePolicy);
        }
        catch (DatasetException e)
        {
            // -BadImage Stop: no metrics over a test set with a hole in it.
            throw ImageUnreadable(e);
        }
        WriteProgress(new ProgressRecord(ProgressIds.Evaluation, $"Evaluating {checkpoint.ConfigName} on {dataset.Name}", "done") { RecordType = ProgressRecordType.Completed });
        foreach (ErrorRecord skipped in ModelEvaluation.SkippedImageErrors(report)) WriteError(skipped);
        if (ModelEvaluation.UnfusedWarning(report) is string unfused) WriteWarning(unfused);
        if (ModelEvaluation.ChannelsLastNote(report) is string layout) WriteVerbose(layout);
        // The result first: the metrics are not lost when the report cannot be written (or -ErrorAction Stop makes that fatal).
        WriteObject(result);
        if (writeFailure is not null) WriteError(ModelEvaluation.WriteFailureError(writeFailure));
    }
}
