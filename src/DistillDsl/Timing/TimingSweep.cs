using DistillDsl.Configs;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Training;
using DistillDsl.Weights.Torchvision;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>Latency sweep: every combination of config, device, image size, thread count and batch size, one
/// <see cref="TimingPoint"/> each, in that nesting order. A graph is built once per (config, device, image size), timed at
/// every thread count and batch size through <see cref="TimingSweepOptions.InferencePath"/>, then disposed.</summary>
/// <remarks>
/// <para>Everything that can be checked without building a graph is checked by the constructor, so a typo fails before any
/// time is spent: configs (<see cref="DistillConfigException"/>), devices (<see cref="DeviceUnavailableException"/>), image
/// sizes a config cannot be rescaled to and out-of-range counts (<see cref="ArgumentException"/>).</para>
/// <para>Teacher weights are only loaded when a graph is built; a config whose weights are unavailable
/// (<see cref="WeightsException"/>) is reported to the caller and skipped, and the sweep goes on with the other configs.</para>
/// <para>Torch's thread count is process-wide: the sweep sets it per point and restores the previous count when the
/// enumeration ends, however it ends.</para>
/// </remarks>
public sealed class TimingSweep
{
    private readonly TimingSweepOptions options;
    private readonly IReadOnlyList<(string Given, ConfigSource Source)> configs;
    private readonly IReadOnlyList<(string Name, Device Device)> devices;
    private readonly IReadOnlyList<int> batchSizes;
    private readonly IReadOnlyList<int>? threads;

    public TimingSweep(TimingSweepOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Configs.Count == 0) throw new ArgumentException("At least one config is needed.", nameof(options));
        batchSizes = Positive(options.BatchSizes, "batch size");
        threads = options.Threads is null ? null : Positive(options.Threads, "thread count");
        if (options.ImageSizes is not null) Positive(options.ImageSizes, "image size");
        if (options.Warmup < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Warmup, "Warm-up runs cannot be negative.");
        if (options.Iterations < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "At least one timed iteration is needed.");

        configs = options.Configs.Distinct(StringComparer.Ordinal).Select(given => (given, ConfigSource.Resolve(given))).ToList();
        foreach (var (_, source) in configs)
        {
            foreach (int size in ImageSizesOf(source.Spec)) source.SpecAt(size);
        }
        devices = options.Devices.Count == 0
            ? throw new ArgumentException("At least one device is needed.", nameof(options))
            : options.Devices.Select(name => DeviceSelector.Resolve(name)).Select(d => (DeviceName(d), d)).DistinctBy(d => d.Item1).ToList();
        PointCount = configs.Sum(c => ImageSizesOf(c.Source.Spec).Count) * devices.Count * (threads?.Count ?? 1) * batchSizes.Count;
    }

    /// <summary>Points the sweep measures when every graph can be built.</summary>
    public int PointCount { get; }

    /// <summary>Measures the points one by one, lazily: each is yielded as soon as it is measured.</summary>
    /// <param name="onConfigFailed">Called with the config (as given) and the <see cref="WeightsException"/> when a config's
    /// graph cannot be built; its remaining points are skipped. When null, the exception propagates.</param>
    public IEnumerable<TimingPoint> Run(IProgress<TimingProgress>? progress = null, Action<string, Exception>? onConfigFailed = null,
        CancellationToken cancellation = default)
    {
        int originalThreads = get_num_threads();
        int point = 0;
        try
        {
            foreach (var (given, source) in configs)
            {
                DistillSpec spec = source.Spec;
                bool failed = false;
                foreach (var (deviceName, device) in devices)
                {
                    foreach (int imageSize in ImageSizesOf(spec))
                    {
                        int graphPoints = (threads?.Count ?? 1) * batchSizes.Count;
                        if (failed)
                        {
                            point += graphPoints;
                            continue;
                        }
                        cancellation.ThrowIfCancellationRequested();
                        progress?.Report(new TimingProgress(point, PointCount, TimingPhase.BuildingGraph, spec.Name, deviceName, imageSize, null, null));
                        using DistillGraph? graph = TryBuild(given, source, imageSize, deviceName, onConfigFailed);
                        if (graph is null)
                        {
                            failed = true;
                            point += graphPoints;
                            continue;
                        }
                        using IInferencePath path = options.InferencePath(graph);
                        foreach (int threadCount in threads ?? [originalThreads])
                        {
                            set_num_threads(threadCount);
                            foreach (int batchSize in batchSizes)
                            {
                                cancellation.ThrowIfCancellationRequested();
                                progress?.Report(new TimingProgress(point, PointCount, TimingPhase.Timing, spec.Name, deviceName, imageSize, threadCount, batchSize));
                                PointMeasurement measured;
                                using (IPeakMemoryProbe memory = PeakMemoryProbes.For(device))
                                {
                                    measured = InferenceTimer.Measure(path, device, batchSize, imageSize, imageSize,
                                        options.Warmup, options.Iterations, memory, cancellation);
                                }
                                point++;
                                yield return new TimingPoint(spec.Name, path.Name, deviceName, threadCount, batchSize, imageSize,
                                    measured.Latency, measured.PeakMemory, options.Warmup, options.Iterations, TeacherWeights(spec));
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            set_num_threads(originalThreads);
        }
    }

    private DistillGraph? TryBuild(string given, ConfigSource source, int imageSize, string device, Action<string, Exception>? onConfigFailed)
    {
        GraphBuildOptions build = options.BuildOptions with { Device = device, RandomTeacherWeights = options.RandomTeacherWeights };
        try
        {
            DistillGraph graph = source.BuildGraph(imageSize, build);
            // An untrained graph has no measured map normalisation; latency does not depend on its values.
            if (graph.Spec.AnomalyMap.Normalization.IsEnabled) graph.MapNormalization = Scoring.MapNormalization.Identity(graph.Spec);
            return graph;
        }
        catch (WeightsException e) when (onConfigFailed is not null)
        {
            onConfigFailed(given, e);
            return null;
        }
    }

    /// <summary>The image sizes a config is timed at: the sweep's, else the config's own (square) size.</summary>
    private IReadOnlyList<int> ImageSizesOf(DistillSpec spec)
    {
        if (options.ImageSizes is not null) return options.ImageSizes.Distinct().ToList();
        if (spec.Input.Height != spec.Input.Width)
        {
            throw new ArgumentException(
                $"Config '{spec.Name}' takes {spec.Input.Width}×{spec.Input.Height} images; timing uses square inputs, so give image sizes explicitly.");
        }
        return [spec.Input.Height];
    }

    private string TeacherWeights(DistillSpec spec) =>
        options.RandomTeacherWeights
            ? "random"
            : string.Join("+", spec.Teachers.Select(t => t.Weights.Source.ToString().ToLowerInvariant()).Distinct());

    private static string DeviceName(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(0, (int)device.index)}" : DeviceSelector.Cpu;

    private static IReadOnlyList<int> Positive(IReadOnlyList<int> values, string what)
    {
        if (values.Count == 0) throw new ArgumentException($"At least one {what} is needed.");
        foreach (int value in values)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(what, value, $"Every {what} must be at least 1.");
        }
        return values.Distinct().ToList();
    }
}
