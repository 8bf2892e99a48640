using System.Management.Automation;
using DistillDsl.Configs;
using DistillDsl.Fusion;
using DistillDsl.PowerShell.Completion;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Progress;
using DistillDsl.PowerShell.Runs;
using DistillDsl.Timing;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Measure-DistillInference: inference latency sweeps over configs, devices, image sizes, thread counts and batch
/// sizes (<see cref="TimingSweep"/>), one object per point, optionally plotted.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "DistillInference", SupportsShouldProcess = true)]
[OutputType(typeof(DistillTimingPoint))]
public sealed class MeasureDistillInferenceCommand : DistillCmdlet, IDisposable
{
    private const int MaxBatchSize = 1024;
    private const int MinImageSize = 16;
    private const int MaxImageSize = 4096;
    private const int MaxThreads = 1024;
    private const int MaxRuns = 100_000;

    private readonly CancellationTokenSource stopping = new();

    /// <summary>Compiled config names or YAML file paths.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Config { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(1, MaxBatchSize)]
    public int[] BatchSize { get; set; } = [1, 8, 16];

    /// <summary>Sides of square inputs; each config's own input size when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(MinImageSize, MaxImageSize)]
    public int[]? ImageSize { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Device { get; set; } = ["cpu"];

    /// <summary>Torch intra-op thread counts; the current count when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(1, MaxThreads)]
    public int[]? Threads { get; set; }

    /// <summary>The fast path's memory layout; evaluation and inference use channels-last.</summary>
    [Parameter]
    public DistillMemoryFormat MemoryFormat { get; set; } = DistillMemoryFormat.ChannelsLast;

    [Parameter]
    [ValidateRange(0, MaxRuns)]
    public int Warmup { get; set; } = 3;

    [Parameter]
    [ValidateRange(1, MaxRuns)]
    public int Iterations { get; set; } = 20;

    /// <summary>Random teacher weights instead of loading them (latency does not depend on the weights' values).</summary>
    [Parameter]
    public SwitchParameter RandomTeacherWeights { get; set; }

    /// <summary>A PNG of latency against batch size, written after the sweep.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PlotPath { get; set; }

    protected override void ProcessRecord()
    {
        string? plotPath = PlotPath is null ? null : ResolvePlotPath(PlotPath);
        TimingSweep sweep = CreateSweep();

        var points = new List<TimingPoint>();
        var progress = new TimingProgressBar(this);
        try
        {
            foreach (TimingPoint point in sweep.Run(progress, ReportUnbuildableConfig, stopping.Token))
            {
                points.Add(point);
                WriteObject(DistillTimingPoint.From(point));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return; // Ctrl+C: PowerShell is stopping the pipeline.
        }
        finally
        {
            progress.Complete();
        }

        if (plotPath is not null) WritePlot(plotPath, points);
    }

    protected override void StopProcessing() => stopping.Cancel();

    public void Dispose() => stopping.Dispose();

    private TimingSweep CreateSweep()
    {
        var options = new TimingSweepOptions
        {
            Configs = Config.Select(c => CompiledConfigs.Names.Contains(c, StringComparer.Ordinal) ? c : ResolveFileSystemPath(c)).ToList(),
            BatchSizes = BatchSize,
            ImageSizes = ImageSize,
            Devices = Device,
            Threads = Threads,
            Warmup = Warmup,
            Iterations = Iterations,
            RandomTeacherWeights = RandomTeacherWeights,
            InferencePath = graph => new FastInferencePath(graph, new FastInferenceOptions { ChannelsLast = MemoryFormat == DistillMemoryFormat.ChannelsLast }),
        };
        try
        {
            return new TimingSweep(options);
        }
        catch (ArgumentException e)
        {
            // e.g. an image size a config's pools cannot be rescaled to.
            throw Terminate(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, e.Message, ImageSize);
        }
        catch (Exception e)
        {
            throw Terminate(e, null);
        }
    }

    private void ReportUnbuildableConfig(string config, Exception error) =>
        WriteError(DistillErrors.Create(DistillErrorIds.WeightsUnavailable, ErrorCategory.ResourceUnavailable,
            $"Config '{config}' is skipped: {error.Message} To time it without its weights, add -RandomTeacherWeights " +
            "(latency does not depend on the weights' values).", config, error));

    private string ResolvePlotPath(string typed)
    {
        string path = ResolveFileSystemPath(typed);
        string? folder = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            // Checked before the sweep, so a long sweep does not end without its plot.
            throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError,
                $"The plot cannot be written to '{path}': the folder '{folder}' does not exist.", typed);
        }
        return path;
    }

    private void WritePlot(string path, IReadOnlyCollection<TimingPoint> points)
    {
        if (points.Count == 0)
        {
            WriteWarning($"No point was measured, so no plot is written to '{path}'.");
            return;
        }
        if (!ShouldProcess(path, "Write latency plot (PNG)")) return;
        try
        {
            LatencyPlot.Write(path, points);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError, $"The plot cannot be written to '{path}': {e.Message}", path);
        }
    }
}
