using System.Management.Automation;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Progress;
using DistillDsl.PowerShell.Runs;
using DistillDsl.Reports;
using DistillDsl.Runs;
using DistillDsl.Training;
using DistillDsl.Training.Cache;
using static TorchSharp.torch;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Invoke-DistillTraining: trains a config's students on the normal images of a dataset category, writes
/// best.ckpt and last.ckpt, evaluates the best students on the category's test split (report and heat maps), and outputs
/// one <see cref="DistillTrainingResult"/>.</summary>
/// <remarks>
/// <para>Ctrl+C: StopProcessing cancels the run; the engine stops before the next batch with last.ckpt of the last finished
/// epoch on disk, and <c>-Resume</c> continues from there. Nothing is output for a cancelled run.</para>
/// <para>-BadImage: under Stop (default) an unreadable training, validation or test image stops the cmdlet with a terminating
/// DistillDsl.ImageUnreadable naming it — a training or validation image before the first epoch of the session (nothing
/// written is deleted, so -Resume continues once the file is repaired); a test image after the result of the training was
/// output. Under Skip each is left out with a non-terminating DistillDsl.ImageUnreadable and listed in the result.</para>
/// <para>A loss that becomes NaN or infinite ends the run with the checkpoints of the last good epoch: the result object is
/// output (Stop = NonFiniteLoss, no evaluation) and then a non-terminating DistillDsl.TrainingFailed error, so scripts can
/// both inspect the run and catch the failure (-ErrorAction Stop).</para>
/// </remarks>
[Cmdlet(VerbsLifecycle.Invoke, "DistillTraining", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = NewRunSet)]
[OutputType(typeof(DistillTrainingResult))]
public sealed class InvokeDistillTrainingCommand : DistillImageRunCmdlet, IDisposable
{
    // -Resume continues the run in the output folder and -Force deletes it: one or the other, or neither.
    private const string NewRunSet = "NewRun";
    private const string ResumeSet = "Resume";
    private const string ReplaceSet = "Replace";

    /// <summary>What DistillSkippedImage.Stage says for a training or validation image.</summary>
    public const string TrainingStage = "Training";

    /// <summary>The folder under the output folder that receives the evaluation report and heat maps.</summary>
    public const string ReportFolderName = "report";

    private readonly CancellationTokenSource cancellation = new();

    /// <summary>-Resume on a run killed during its first write of last.ckpt: only best.ckpt is there, so it starts over.</summary>
    private bool startOver;

    /// <summary>A compiled config's name or a YAML config file.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    public string Config { get; set; } = "";

    /// <summary>A dataset category folder (MVTec AD, BTAD, normal/abnormal folders) or, with -Category, a dataset root.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string DataPath { get; set; } = "";

    /// <summary>The category folder under -DataPath, e.g. carpet (MVTec AD) or 01 (BTAD).</summary>
    [Parameter]
    public string? Category { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int? Epochs { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int? BatchSize { get; set; }

    /// <summary>Square input side; the config's size when omitted (its adaptive pools are rescaled).</summary>
    [Parameter]
    [ValidateRange(32, 4096)]
    public int? ImageSize { get; set; }

    [Parameter]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double? LearningRate { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public string Device { get; set; } = DeviceSelector.Cpu;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int? Threads { get; set; }

    [Parameter]
    public int Seed { get; set; }

    /// <summary>The layout of the training forward pass; checkpoints are the same either way.</summary>
    [Parameter]
    public DistillMemoryFormat MemoryFormat { get; set; } = DistillMemoryFormat.ChannelsLast;

    /// <summary>Where checkpoints and the report go; ./runs/&lt;config&gt;/&lt;category&gt; when omitted.</summary>
    [Parameter]
    public string? OutputPath { get; set; }

    /// <summary>Continue the run whose last.ckpt is in the output folder.</summary>
    [Parameter(ParameterSetName = ResumeSet, Mandatory = true)]
    public SwitchParameter Resume { get; set; }

    /// <summary>Start afresh in an output folder that holds a run: its checkpoints and report are deleted first.</summary>
    [Parameter(ParameterSetName = ReplaceSet, Mandatory = true)]
    public SwitchParameter Force { get; set; }

    /// <summary>$false turns the config's early stop off; $true needs the config to have one. The config decides when omitted.</summary>
    [Parameter]
    public bool? EarlyStop { get; set; }

    /// <summary>Stream and decode the images and run the frozen teachers every epoch instead of once per run.</summary>
    [Parameter]
    public SwitchParameter NoCache { get; set; }

    /// <summary>Memory the cache may take (GiB); a larger cache goes to memory-mapped files under the output folder's cache/.</summary>
    [Parameter]
    [ValidateRange(0.0, 1024.0)]
    public double CacheMemoryGB { get; set; } = 4;

    /// <summary>How the cache stores the teachers' features: Float32 (exact) or Float16 (half the size).</summary>
    [Parameter]
    public CachePrecision CachePrecision { get; set; } = CachePrecision.Float32;

    /// <summary>Do not evaluate on the test split after training.</summary>
    [Parameter]
    public SwitchParameter SkipEvaluation { get; set; }

    protected override void ProcessRecord()
    {
        // Everything that can be checked without writing is checked first, so that bad input stops before any file changes.
        ConfigSource config = ResolveConfig();
        RequireDevice(Device);
        DatasetIndex dataset = OpenDataset(DataPath, Category);
        string output = ResolveFileSystemPath(OutputPath ?? System.IO.Path.Combine(".", "runs", config.Name, dataset.Name));
        string reportFolder = System.IO.Path.Combine(output, ReportFolderName);
        bool evaluate = !SkipEvaluation && dataset.Test.Count > 0;
        RequireOutputFolder(output, "-OutputPath");
        CheckOutputFolder(output);

        string action = $"Train '{config.Name}' on {dataset.Train.Count} normal images of '{dataset.Name}' ({(Resume ? "resuming; " : "")}checkpoints" +
                        $"{(evaluate ? $", then evaluate on {dataset.Test.Count} test images with a report" : "")})";
        if (!ShouldProcess(output, action)) return;
        // Taken before -Force deletes anything: a folder a live run holds is never touched.
        using RunFolderLock folderLock = RunFolderLock.TryAcquire(output, out int owner) ?? throw RunFolderInUse(output, owner);
        if (Force || startOver) DeleteEarlierRun(output, reportFolder);

        Train(config, dataset, output, evaluate ? reportFolder : null);
    }

    protected override void StopProcessing() => cancellation.Cancel();

    public void Dispose() => cancellation.Dispose();

    private void Train(ConfigSource config, DatasetIndex dataset, string output, string? reportFolder)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using DetectorRun detector = BuildDetector(config);
        DistillGraph graph = detector.Graph;
        var options = new TrainingOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            ImageSize = ImageSize,
            Seed = Seed,
            Device = Device,
            Threads = Threads,
            ChannelsLast = MemoryFormat == DistillMemoryFormat.ChannelsLast,
            EarlyStop = EarlyStop,
            OutputDirectory = output,
            Resume = Resume && !startOver,
            Cache = !NoCache,
            CacheMemoryBytes = (long)(CacheMemoryGB * (1L << 30)),
            CachePrecision = CachePrecision,
            DatasetName = dataset.Name,
            BadImages = BadImagePolicy,
        };
        var progress = new TrainingProgressBar(this, $"Training {config.Name} on {dataset.Name}", cancellation.Token);
        var log = new TrainingLog(this, Epochs ?? graph.Spec.Training.Epochs);
        TrainingResult trained;
        try
        {
            trained = detector.Train(dataset.Train, options, progress, cancellation.Token, log.Epoch, log.Notice,
                skipped => WriteError(SkippedImageError(skipped, $"Training image '{skipped.ImagePath}' was left out of the run")));
        }
        catch (DatasetException e)
        {
            // -BadImage Stop: before the first epoch of this session; run.json says Failed, earlier checkpoints are kept.
            throw ImageUnreadable(e);
        }
        catch (Exception e) when (DistillErrors.FromEngineException(e, output) is not null)
        {
            throw Terminate(e, output);
        }
        // Ctrl+C: the pipeline is stopping and nothing can be output; last.ckpt of the last finished epoch is on disk.
        // (A Ctrl+C during the evaluation below takes effect when it ends: the evaluator cannot be cancelled.)
        if (trained.Stop == TrainingStop.Cancelled) return;
        progress.Complete();

        DistillEvaluationResult? evaluation = null;
        ReportNotWrittenException? reportWriteFailure = null;
        DatasetException? unreadableTestImage = null;
        bool failed = !detector.CanEvaluate;
        if (reportFolder is not null && !failed)
        {
            WriteProgress(new ProgressRecord(ProgressIds.Evaluation, $"Evaluating {config.Name} on {dataset.Name}", $"{dataset.Test.Count} test images"));
            try
            {
                (EvaluationReport report, evaluation, reportWriteFailure) = ModelEvaluation.Run(evaluationOptions => detector.Evaluate(dataset.Test, evaluationOptions),
                    dataset, trained.BestCheckpointPath, Device, BatchSize ?? 8, reportFolder, heatmaps: true, mapsAtOriginalSize: false, BadImagePolicy);
                foreach (ErrorRecord skipped in ModelEvaluation.SkippedImageErrors(report)) WriteError(skipped);
                if (ModelEvaluation.UnfusedWarning(report) is string unfused) WriteWarning(unfused);
                if (ModelEvaluation.ChannelsLastNote(report) is string layout) WriteVerbose(layout);
            }
            catch (DatasetException e)
            {
                // -BadImage Stop on a test image: the trained run is output first, then the terminating error.
                unreadableTestImage = e;
            }
            WriteProgress(new ProgressRecord(ProgressIds.Evaluation, $"Evaluating {config.Name} on {dataset.Name}", "done") { RecordType = ProgressRecordType.Completed });
        }

        DistillSkippedImage[] skippedImages = [.. Describe(trained.SkippedImages, TrainingStage), .. evaluation?.SkippedImages ?? []];
        WriteObject(DistillTrainingResult.Of(trained, evaluation, dataset.Name, Device, output, clock.Elapsed, skippedImages));

        // After the result, which holds the metrics and the checkpoints: the training is not lost with the report.
        if (reportWriteFailure is not null) WriteError(ModelEvaluation.WriteFailureError(reportWriteFailure));
        if (unreadableTestImage is not null) throw ImageUnreadable(unreadableTestImage);
        if (failed)
        {
            WriteError(DistillErrors.Create(DistillErrorIds.TrainingFailed, ErrorCategory.InvalidResult,
                $"Training of '{graph.Spec.Name}' failed: {trained.StopMessage}", output));
        }
    }

    /// <summary>What -Config names, read here before anything is written, so that a bad config stops the cmdlet with its
    /// diagnostics (file, line, column).</summary>
    private ConfigSource ResolveConfig()
    {
        try
        {
            return ConfigSource.Resolve(Config, ResolveFileSystemPath);
        }
        catch (DistillConfigException e)
        {
            throw Terminate(e, Config);
        }
    }

    /// <summary>The config's graph at -ImageSize, under -Threads for the training and the evaluation after it.</summary>
    private DetectorRun BuildDetector(ConfigSource config)
    {
        string target = config.IsCompiled ? config.Name : config.FilePath;
        try
        {
            return Build(() => DetectorRun.Build(config, ImageSize, new GraphBuildOptions { Device = Device, Seed = Seed }, Threads), target);
        }
        catch (ArgumentException e)
        {
            // An image size the config cannot be rescaled to.
            throw Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, e.Message, target);
        }
    }

    /// <summary>An earlier run's checkpoints are never overwritten by accident: continue it (-Resume) or replace it (-Force).</summary>
    private void CheckOutputFolder(string output)
    {
        string last = System.IO.Path.Combine(output, DistillTrainer.LastCheckpointName);
        string best = System.IO.Path.Combine(output, DistillTrainer.BestCheckpointName);
        bool hasRun = File.Exists(last) || File.Exists(best);
        if (Resume && !File.Exists(last) && File.Exists(best))
        {
            // Nothing resumable was saved (a kill during the first write of last.ckpt leaves best.ckpt alone): refusing
            // would leave the folder stuck, and the first epoch is all that is lost.
            startOver = true;
            WriteWarning($"'{output}' holds best.ckpt but no last.ckpt (the run was stopped before its first last.ckpt was complete), " +
                         "so there is nothing to resume: starting the run over.");
            return;
        }
        if (Resume && !File.Exists(last))
        {
            throw Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.ObjectNotFound,
                $"Nothing to resume: '{last}' does not exist. Run without -Resume to start, or give the -OutputPath of the run to continue.", output);
        }
        if (hasRun && !Resume && !Force)
        {
            throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.ResourceExists,
                $"'{output}' already holds a training run; use -Resume to continue it, -Force to start afresh, or another -OutputPath.", output);
        }
    }

    private Exception RunFolderInUse(string output, int owner) =>
        Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.ResourceBusy,
            $"'{output}' is in use by another training run (process {owner}, lock file {System.IO.Path.Combine(output, RunFolderLock.FileName)}); " +
            "wait for it to end, stop it, or use another -OutputPath. A lock whose process has ended is taken over by the next run.", output);

    private static void DeleteEarlierRun(string output, string reportFolder)
    {
        if (!Directory.Exists(output)) return;
        foreach (string name in new[] { DistillTrainer.BestCheckpointName, DistillTrainer.LastCheckpointName, RunHistory.FileName, RunStatus.FileName, Reports.LossCurvePlot.FileName })
        {
            File.Delete(System.IO.Path.Combine(output, name));
        }
        // A cache folder is kept: its manifest decides whether the new run can use it.
        if (Directory.Exists(reportFolder)) Directory.Delete(reportFolder, recursive: true);
    }
}
