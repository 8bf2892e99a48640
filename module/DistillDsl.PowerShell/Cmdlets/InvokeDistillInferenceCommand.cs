using System.Management.Automation;
using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Inference;
using DistillDsl.Metrics;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Runs;
using DistillDsl.PowerShell.Validation;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Invoke-DistillInference: scores new images with a trained checkpoint, one <see cref="DistillInferenceResult"/> per
/// image in input order.</summary>
/// <remarks>
/// <para>The model is built once (BeginProcessing). Paths are collected as they arrive and scored in EndProcessing, in
/// batches of -BatchSize through one detector pass, which keeps the input order and gives every map picture a unique name
/// across the whole input (the detector numbers repeated file stems _2, _3, …).</para>
/// <para>An image that cannot be read stops the command with a terminating DistillDsl.ImageUnreadable naming it (-BadImage
/// Stop, the default; the images before it were output), or, with -BadImage Skip, writes a non-terminating one and the others
/// go on. A wildcard that matches nothing is always a non-terminating DistillDsl.ImageUnreadable. A map picture that cannot be written writes DistillDsl.OutputNotWritable and the images are
/// scored without pictures.</para>
/// <para>The graph is released in EndProcessing or, after Ctrl+C or an error, in Dispose, which PowerShell calls when the
/// command ends; not in StopProcessing, which runs on another thread while a forward pass may still use the graph.</para>
/// </remarks>
[Cmdlet(VerbsLifecycle.Invoke, "DistillInference", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DistillInferenceResult))]
public sealed class InvokeDistillInferenceCommand : DistillImageRunCmdlet, IDisposable
{
    /// <summary>What ThresholdSource says for a threshold given with -Threshold.</summary>
    public const string ThresholdParameterSource = "-Threshold";

    private readonly List<string> paths = [];
    private AnomalyDetector? detector;
    private string? mapFolder;
    private string thresholdSource = "";
    private string checkpointPath = "";
    private int inputSize;

    [Parameter(Mandatory = true)]
    public string Checkpoint { get; set; } = "";

    /// <summary>Image files; from the pipeline as strings or as files (FullName). Wildcards are expanded when no file has the
    /// literal name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Folder for one anomaly-map picture per image.</summary>
    [Parameter]
    public string? MapPath { get; set; }

    /// <summary>Raw-score threshold instead of the checkpoint's; a finite number (NaN would call every image normal).</summary>
    [Parameter]
    [ValidateNotNull]
    [ValidateFinite]
    public double? Threshold { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public string Device { get; set; } = DeviceSelector.Cpu;

    [Parameter]
    [ValidateRange(1, 4096)]
    public int BatchSize { get; set; } = 8;

    protected override void BeginProcessing()
    {
        checkpointPath = ResolveFileSystemPath(Checkpoint);
        DistillCheckpoint checkpoint = ReadCheckpoint(checkpointPath);
        RequireDevice(Device);
        AnomalyThreshold threshold = ChooseThreshold(checkpoint);
        if (MapPath is not null)
        {
            string folder = ResolveFileSystemPath(MapPath);
            if (OutputFolder.Problem(folder) is string problem)
            {
                // The scores are what was asked for; a map folder that can never exist costs the pictures only.
                WriteError(DistillErrors.Create(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError,
                    $"-MapPath: {problem} The images are scored without map pictures.", folder));
            }
            // -WhatIf (or 'no' to -Confirm) still scores the images; it only writes no pictures.
            else if (ShouldProcess(folder, "Write one anomaly-map picture per image")) mapFolder = folder;
        }
        inputSize = checkpoint.ImageSize;
        DistillGraph graph = Build(() => checkpoint.BuildGraph(new GraphBuildOptions { Device = Device }), checkpointPath);
        detector = new AnomalyDetector(graph, threshold, Device) { BatchSize = BatchSize };
        if (detector.UnfusedReason is string unfused)
        {
            WriteWarning($"'{checkpoint.ConfigName}' is scored unfused, through its own modules (same maps, slower): {unfused}");
        }
        if (detector.ChannelsLastRefused is string layout)
        {
            WriteVerbose($"'{checkpoint.ConfigName}' is scored NCHW, not channels-last (same maps, slower): {layout}");
        }
    }

    protected override void ProcessRecord()
    {
        foreach (string typed in Path)
        {
            IReadOnlyList<string> expanded = Expand(typed);
            if (expanded.Count == 0)
            {
                // Otherwise a mistyped pattern prints nothing and succeeds, which reads as "no image was anomalous".
                WriteError(DistillErrors.Create(DistillErrorIds.ImageUnreadable, ErrorCategory.ObjectNotFound,
                    $"No file matches '{typed}' (resolved against '{SessionState.Path.CurrentFileSystemLocation.ProviderPath}').", typed));
            }
            WarnAboutSmallImages(expanded, inputSize);
            paths.AddRange(expanded);
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            var unreadable = new List<(string Path, Exception Error)>();
            var mapFailures = new List<(string Path, Exception Error)>();
            Action<string, Exception>? onBadImage = BadImage == DistillBadImage.Skip ? (path, error) => unreadable.Add((path, error)) : null;
            using IEnumerator<InferenceResult> results = detector!.Score(paths, mapFolder, onBadImage, (path, error) => mapFailures.Add((path, error))).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!results.MoveNext()) break;
                }
                catch (DatasetException e)
                {
                    WriteMapFailures(mapFailures);
                    throw ImageUnreadable(e);
                }
                InferenceResult result = results.Current;
                WriteMapFailures(mapFailures);
                // Problems are reported on this thread as each batch is read, before its results: write them in that order.
                WriteUnreadable(unreadable);
                WriteObject(new DistillInferenceResult(result.ImagePath, result.Score, result.IsAnomalous, result.Threshold, thresholdSource,
                    result.MapPath, checkpointPath));
            }
            WriteUnreadable(unreadable);
            WriteMapFailures(mapFailures);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        detector?.Graph.Dispose();
        detector = null;
    }

    private AnomalyThreshold ChooseThreshold(DistillCheckpoint checkpoint)
    {
        if (Threshold is double value)
        {
            // The detector takes a threshold record; for a typed value there is no statistic behind it, so the record only
            // carries the value (which also scales the map colours) and ThresholdSource says where it came from.
            thresholdSource = ThresholdParameterSource;
            return new AnomalyThreshold((float)value, ThresholdMethod.Quantile, 1.0, 0, (float)value, (float)value);
        }
        if (checkpoint.Threshold is not AnomalyThreshold stored)
        {
            throw Terminate(DistillErrorIds.CheckpointInvalid, ErrorCategory.InvalidData,
                $"Checkpoint '{checkpoint.Path}' holds no anomaly threshold (only a finished run's best.ckpt has one); give one with -Threshold.", checkpoint.Path);
        }
        thresholdSource = $"checkpoint: {stored.Description}";
        return stored;
    }

    /// <summary>The literal file when it exists (names may hold [ ] * ?); otherwise the wildcard's matches. A path that is
    /// neither goes to the detector as it is, which reports it as unreadable.</summary>
    /// <remarks>Empty when a wildcard matches nothing.</remarks>
    private IReadOnlyList<string> Expand(string typed)
    {
        string literal = ResolveFileSystemPath(typed);
        if (File.Exists(literal) || !WildcardPattern.ContainsWildcardCharacters(typed)) return [literal];
        try
        {
            return SessionState.Path.GetResolvedProviderPathFromPSPath(typed, out _).Order(StringComparer.Ordinal).ToList();
        }
        catch (ItemNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The detector stops writing pictures after the first failure (the folder is read-only, full or not a
    /// folder) and goes on scoring; one error says so.</summary>
    private void WriteMapFailures(List<(string Path, Exception Error)> failures)
    {
        foreach ((string path, Exception error) in failures)
        {
            WriteError(DistillErrors.Create(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError,
                $"The map picture '{path}' cannot be written ({error.Message}); the images are scored without map pictures from here on.",
                path, error));
        }
        failures.Clear();
    }

    private void WriteUnreadable(List<(string Path, Exception Error)> unreadable)
    {
        foreach ((string path, Exception error) in unreadable)
        {
            WriteError(DistillErrors.Create(DistillErrorIds.ImageUnreadable, ErrorCategory.ReadError, error.Message, path, error));
        }
        unreadable.Clear();
    }
}
