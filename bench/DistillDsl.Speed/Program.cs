using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DistillDsl.Configs;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Speed;
using DistillDsl.Training;
using DistillDsl.Weights.Torchvision;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

SpeedOptions options;
try
{
    options = SpeedOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string[] configs = options.Configs;
string[] trained = configs.Intersect(["reduced_student_paper", "reduced_student_code", "stpm"]).ToArray();
int size = options.ImageSize;
torch.set_num_threads(options.Threads);
MachineInfo machine = MachineInfo.Describe("cpu", torch.get_num_threads());
Console.WriteLine($"Machine: {machine.CpuModel ?? "unknown CPU"}, {machine.LogicalCores} logical cores, {machine.OperatingSystem}, {machine.DotNetVersion}");
Console.WriteLine($"Torch threads: {torch.get_num_threads()} (this process and the Python reference); image size {size}; iterations {options.Iterations} at batch 1, {options.Batch16Iterations} at batch 16");
Console.WriteLine($"Load average at the start: {LoadAverage()} (other processes on the machine slow every measurement)");
// glibc's allocator settings change the CPU numbers a lot (README "Speed"); the Python reference inherits them.
Console.WriteLine($"glibc malloc settings from the environment: {MallocSettings()}");
Directory.CreateDirectory(options.WorkDirectory);
using (Tensor check = rand([2, 3, size, size], generator: new Generator(42)))
{
    Safetensors.SaveStateDict(Path.Combine(options.WorkDirectory, "input.safetensors"), new Dictionary<string, Tensor> { ["rgb"] = check });
}

var rows = new Dictionary<string, Row>();
foreach (string config in configs)
{
    Console.WriteLine($"== {config}");
    using DistillGraph graph = Build(config, size, out string weights);
    graph.eval();
    ReferencePlan.Write(graph, options.WorkDirectory);
    var row = new Row { Weights = weights };
    if (!options.TrainingOnly)
    using (var fast = new FastInferenceGraph(graph, new FastInferenceOptions { ChannelsLast = false }))
    using (var channelsLast = new FastInferenceGraph(graph, new FastInferenceOptions { ChannelsLast = true }))
    using (var onnx = new OnnxRoute(graph, options.WorkDirectory, options.Threads))
    {
        row.CheckMaps = CheckMaps(fast, options.WorkDirectory);
        foreach (int batch in new[] { 1, 16 })
        {
            int iterations = batch == 1 ? options.Iterations : options.Batch16Iterations;
            using Tensor rgb = rand([batch, 3, size, size], generator: new Generator((ulong)batch));
            var times = Clock.Milliseconds([() => TimedCalls.Plain(graph, rgb), () => TimedCalls.Fast(fast, rgb), () => TimedCalls.Fast(channelsLast, rgb)], iterations);
            (row.Plain[batch], row.Fast[batch], row.ChannelsLast[batch]) = (times[0].Best, times[1].Best, times[2].Best);
            // ONNX Runtime on its own, after the TorchSharp calls: its worker threads spin briefly after each run and would
            // slow a TorchSharp call taken right after it.
            var onnxTimes = Clock.Milliseconds([onnx.Call(batch, size)], iterations)[0];
            row.Onnx[batch] = onnxTimes.Best;
            Console.WriteLine($"  batch {batch}, best (median) ms: plain {times[0].Best:F1} ({times[0].Median:F1}), fast {times[1].Best:F1} ({times[1].Median:F1}), " +
                              $"fast channels-last {times[2].Best:F1} ({times[2].Median:F1}), ONNX Runtime {onnxTimes.Best:F1} ({onnxTimes.Median:F1})");
        }
    }
    if (trained.Contains(config))
    {
        (row.TrainPlainSeconds, row.TrainSeconds, row.TrainCachedSeconds) = TrainingEpoch.Seconds(graph, options.TrainImages, options.TrainBatch, options.TrainRounds);
        Console.WriteLine($"  training epoch ({options.TrainImages} images, batch {options.TrainBatch}, best of {options.TrainRounds}): graph.forward {row.TrainPlainSeconds:F2} s, " +
                          $"trainer's forward {row.TrainSeconds:F2} s, trainer's forward with cached teacher taps {row.TrainCachedSeconds:F2} s");
    }
    if (trained.Contains(config) && options.TrainerData is string folder)
    {
        row.FromFiles = TrainerFromFiles.Measure(config, folder, options);
        Console.WriteLine($"  DistillTrainer from files: {row.FromFiles}");
    }
    rows[config] = row;
}

(double Start, double End)? memory = options.MemoryCalls > 0 && !options.TrainingOnly ? MeasureMemory(options) : null;

const string SweepConfig = "reduced_student_code";
List<ThreadSweep.Point>? sweep = null;
if (!options.SkipThreadSweep && !options.TrainingOnly)
{
    Console.WriteLine($"== thread sweep: {SweepConfig}, fast path");
    sweep = ThreadSweep.Run(SweepConfig, options);
}

PythonResults? python = options.SkipPython ? null : PythonReference.Run(options, configs, trained);
if (python is not null)
{
    foreach (string config in configs)
    {
        rows[config].Python = python.Configs.GetValueOrDefault(config);
        if (rows[config].CheckMaps is Tensor maps) rows[config].PythonMapDifference = CompareWithPython(maps, Path.Combine(options.WorkDirectory, config + ".out.safetensors"));
    }
}

Console.WriteLine();
Console.Write(Report(options, machine, rows, memory, python));
if (sweep is not null)
{
    Console.WriteLine();
    Console.WriteLine($"Thread sweep ({SweepConfig}, fast path, best ms; speed-up over 1 thread):");
    Console.WriteLine();
    Console.WriteLine("| threads | batch 1 | batch 16 |");
    Console.WriteLine("|---|---|---|");
    foreach (ThreadSweep.Point point in sweep)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {point.Threads} | {point.Batch1:F1} ({sweep[0].Batch1 / point.Batch1:F2}×) | {point.Batch16:F0} ({sweep[0].Batch16 / point.Batch16:F2}×) |"));
    }
}
return 0;

static string MallocSettings()
{
    var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
        .Where(k => k.StartsWith("MALLOC_", StringComparison.Ordinal) || k == "GLIBC_TUNABLES")
        .Order(StringComparer.Ordinal).Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToList();
    return set.Count == 0 ? "none (glibc defaults)" : string.Join(" ", set);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// Latency does not depend on the weights' values: where a teacher's weights are not on this machine (EfficientNet-b0),
// the graph gets seeded random ones of the same layout.
static DistillGraph Build(string config, int size, out string weights)
{
    try
    {
        weights = "ImageNet";
        return ConfigSource.Resolve(config).BuildGraph(size);
    }
    catch (WeightsException)
    {
        weights = "random (no ImageNet file here)";
        return ConfigSource.Resolve(config).BuildGraph(size, new GraphBuildOptions { RandomTeacherWeights = true });
    }
}

static Tensor CheckMaps(FastInferenceGraph fast, string folder)
{
    Dictionary<string, Tensor> input = Safetensors.LoadStateDict(Path.Combine(folder, "input.safetensors"));
    var (maps, scores) = fast.Run(input["rgb"]);
    scores.Dispose();
    input["rgb"].Dispose();
    return maps;
}

/// <summary>Largest |C# − PyTorch| of the check input's maps, relative to the largest C# map value.</summary>
/// An all-zero map (a student that is still a copy of its teacher) gives the absolute difference.
static double? CompareWithPython(Tensor maps, string pythonOutput)
{
    if (!File.Exists(pythonOutput)) return null;
    Dictionary<string, Tensor> python = Safetensors.LoadStateDict(pythonOutput);
    using Tensor theirs = python["maps"];
    double difference = (maps - theirs).abs().max().item<float>();
    double scale = maps.abs().max().item<float>();
    return scale > 0 ? difference / scale : difference;
}

// Steady-state memory: resident set size over many fast inference calls at batch 1 (after 20 warm-up calls).
static (double Start, double End)? MeasureMemory(SpeedOptions options)
{
    using DistillGraph graph = ConfigSource.Resolve("reduced_student_code").BuildGraph(options.ImageSize, new GraphBuildOptions { RandomTeacherWeights = true });
    graph.eval();
    using var fast = new FastInferenceGraph(graph);
    using Tensor rgb = rand([1, 3, options.ImageSize, options.ImageSize], generator: new Generator(3));
    for (int i = 0; i < 20; i++) TimedCalls.Fast(fast, rgb);
    GC.Collect();
    double? start = ResidentMemory.MiB();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < options.MemoryCalls; i++) TimedCalls.Fast(fast, rgb);
    GC.Collect();
    double? end = ResidentMemory.MiB();
    Console.WriteLine($"== memory: {options.MemoryCalls} calls in {clock.Elapsed.TotalSeconds:F0} s, RSS {start:F1} → {end:F1} MiB");
    return start is double s && end is double e ? (s, e) : null;
}

static string Report(SpeedOptions options, MachineInfo machine, Dictionary<string, Row> rows, (double Start, double End)? memory, PythonResults? python)
{
    var text = new StringBuilder();
    var c = CultureInfo.InvariantCulture;
    text.AppendLine(c, $"Load average at the end: {LoadAverage()}");
    text.AppendLine(c, $"glibc malloc settings: {MallocSettings()}");
    text.AppendLine(c, $"Machine: {machine.CpuModel ?? "unknown CPU"}, {machine.LogicalCores} logical cores; torch threads {options.Threads}; LibTorch {torch.__version__} (TorchSharp){(python is null ? "" : $" vs PyTorch {python.Torch} ({python.Threads} threads)")}; {options.ImageSize}×{options.ImageSize}");
    bool latency = rows.Values.Any(r => r.Plain.Count > 0);
    if (latency)
    {
    text.AppendLine();
    text.AppendLine("Latency, best of the timed calls in ms (maps + scores of a batch, CPU; calls of one config taken in turns):");
    text.AppendLine();
    text.AppendLine("| config | teacher weights | plain b1 | fast NCHW b1 | fast (channels-last) b1 | ONNX Runtime b1 | PyTorch b1 | plain b16 | fast NCHW b16 | fast (channels-last) b16 | ONNX Runtime b16 | PyTorch b16 | maps vs PyTorch |");
    text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var (config, r) in rows)
    {
        text.AppendLine(c, $"| {config} | {r.Weights} | {r.Plain[1]:F1} | {r.Fast[1]:F1} | {r.ChannelsLast[1]:F1} | {r.Onnx[1]:F1} | {Ms(r.Python, "b1")} | {r.Plain[16]:F0} | {r.Fast[16]:F0} | {r.ChannelsLast[16]:F0} | {r.Onnx[16]:F0} | {Ms(r.Python, "b16")} | " +
                           $"{(r.PythonMapDifference is double d ? d.ToString("G2", c) : "")} |");
    }
    }
    if (rows.Values.Any(r => r.TrainSeconds is not null))
    {
        text.AppendLine();
        text.AppendLine(c, $"Training epoch, best of {options.TrainRounds} in seconds ({options.TrainImages} in-memory images, batch {options.TrainBatch}; forward, loss, backward, optimiser step):");
        text.AppendLine();
        text.AppendLine("| config | C# graph.forward (NCHW) | C# trainer, uncached (TrainingForward) | C# trainer, cached teacher taps | PyTorch | PyTorch channels-last |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var (config, r) in rows.Where(r => r.Value.TrainSeconds is not null))
        {
            text.AppendLine(c, $"| {config} | {r.TrainPlainSeconds:F2} | {r.TrainSeconds:F2} | {r.TrainCachedSeconds:F2} | {Seconds(r.Python, "train_epoch_s")} | {Seconds(r.Python, "train_epoch_cl_s")} |");
        }
    }
    if (rows.Values.Any(r => r.FromFiles is not null))
    {
        text.AppendLine();
        text.AppendLine(c, $"DistillTrainer from image files ({options.TrainerData}), mean seconds per epoch after the first (training + validation, checkpoints not included):");
        text.AppendLine();
        text.AppendLine("| config | images (train + validation) | uncached epoch | cached epoch | cached / uncached | building the cache |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var (config, r) in rows.Where(r => r.Value.FromFiles is not null))
        {
            TrainerFromFiles.Result f = r.FromFiles!;
            text.AppendLine(c, $"| {config} | {f.Images} | {f.UncachedEpoch:F2} | {f.CachedEpoch:F2} | {f.CachedEpoch / f.UncachedEpoch:F2} | {f.CacheBuild:F1} s |");
        }
    }
    text.AppendLine();
    text.AppendLine("Ratios of the best times (measured in this run; the default fast path, channels-last, unless said):");
    text.AppendLine();
    text.AppendLine("| ratio | batch 1 | batch 16 | target |");
    text.AppendLine("|---|---|---|---|");
    if (latency)
    {
    void Ratio(string name, Func<int, double?> value, string target) =>
        text.AppendLine(c, $"| {name} | {Format(value(1))} | {Format(value(16))} | {target} |");
    void Between(string over, string under, string target)
    {
        if (rows.ContainsKey(over) && rows.ContainsKey(under)) Ratio($"{over} / {under}", b => rows[over].ChannelsLast[b] / rows[under].ChannelsLast[b], target);
    }
    Between("reduced_student_paper", "stpm", "≤ 0.75");
    Between("reduced_student_code", "stpm", "≤ 0.75");
    Between("mixed_teacher_paper", "reduced_student_paper", "paper: about 3");
    Between("mixed_teacher_code", "reduced_student_code", "paper: about 3");
    foreach (var (config, r) in rows)
    {
        Ratio($"{config}: fast (NCHW) / plain (C#)", b => r.Fast[b] / r.Plain[b], "< 1");
        Ratio($"{config}: channels-last / fast (NCHW)", b => r.ChannelsLast[b] / r.Fast[b], "default only while < 1");
        Ratio($"{config}: ONNX Runtime / C# fast", b => r.Onnx[b] / r.ChannelsLast[b], "");
        if (r.Python is not null)
        {
            Ratio($"{config}: C# fast / PyTorch", b => r.ChannelsLast[b] / r.Python[$"b{b}"], "goal ≤ 0.8, required ≤ 1.0");
            Ratio($"{config}: C# plain / PyTorch", b => r.Plain[b] / r.Python[$"b{b}"], "");
        }
    }
    }
    foreach (var (config, r) in rows)
    {
        if (r.TrainSeconds is double mine && r.Python?.GetValueOrDefault("train_epoch_s") is double theirs)
        {
            string cachedTarget = config == "stpm" ? "≤ 0.6" : "≤ 0.4";
            text.AppendLine(c, $"| {config}: training epoch C# trainer, cached / PyTorch | {r.TrainCachedSeconds / theirs:F2} | | {cachedTarget} |");
            text.AppendLine(c, $"| {config}: training epoch C# trainer, cached / uncached | {r.TrainCachedSeconds / mine:F2} | | |");
            text.AppendLine(c, $"| {config}: training epoch C# trainer, uncached / PyTorch | {mine / theirs:F2} | | required ≤ 1.0 |");
            text.AppendLine(c, $"| {config}: training epoch C# graph.forward / PyTorch | {r.TrainPlainSeconds / theirs:F2} | | |");
            if (r.Python.GetValueOrDefault("train_epoch_cl_s") is double theirsChannelsLast)
            {
                text.AppendLine(c, $"| {config}: training epoch C# trainer / PyTorch channels-last | {mine / theirsChannelsLast:F2} | | |");
            }
        }
    }
    if (python is null) text.AppendLine().AppendLine("PyTorch reference: not run (see above why).");
    text.AppendLine();
    text.AppendLine(memory is var (start, end)
        ? string.Create(c, $"Memory (reduced_student_code, fast path, batch 1, {options.MemoryCalls} calls): RSS {start:F1} MiB at the start, {end:F1} MiB at the end, growth {end - start:F1} MiB.")
        : options.TrainingOnly ? "Memory: not measured (--training-only)."
        : options.MemoryCalls == 0 ? "Memory: not measured (--memory-calls 0)." : "Memory: RSS not readable on this OS.");
    return text.ToString();

    static string Ms(Dictionary<string, double>? python, string key) => python?.GetValueOrDefault(key) is double v ? v.ToString(v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) : "";
    static string Seconds(Dictionary<string, double>? python, string key) => python?.GetValueOrDefault(key) is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
    static string Format(double? v) => v is double x ? x.ToString("F2", CultureInfo.InvariantCulture) : "";
}

internal sealed class Row
{
    public string Weights { get; set; } = "";
    public Dictionary<int, double> Plain { get; } = [];
    public Dictionary<int, double> Fast { get; } = [];
    public Dictionary<int, double> ChannelsLast { get; } = [];
    public Dictionary<int, double> Onnx { get; } = [];
    public double? TrainSeconds { get; set; }
    public double? TrainPlainSeconds { get; set; }
    public double? TrainCachedSeconds { get; set; }
    public TrainerFromFiles.Result? FromFiles { get; set; }
    public Tensor? CheckMaps { get; set; }
    public Dictionary<string, double>? Python { get; set; }
    public double? PythonMapDifference { get; set; }
}
