using System.Diagnostics;
using System.Globalization;
using System.Text;
using DistillDsl.Bench;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Reports;
using DistillDsl.Training;
using DistillDsl.Training.Checkpoints;
using DistillDsl.Weights.Torchvision;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

DatasetIndex dataset = DatasetLayouts.Open(options.Data, options.Category);
Console.WriteLine($"Dataset: {dataset}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, device {options.Device}, threads {(options.Threads?.ToString(CultureInfo.InvariantCulture) ?? "torch default")}");
if (options.Threads is int threads) TorchSharp.torch.set_num_threads(threads);

var rows = new List<string>();
foreach (string config in options.Configs)
{
    string output = Path.Combine(options.Output, Path.GetFileNameWithoutExtension(config));
    try
    {
        rows.Add(RunOne(config, dataset, options, output));
    }
    catch (Exception e) when (e is WeightsException or DistillConfigException or DeviceUnavailableException)
    {
        // A config whose weights are not on this machine (EfficientNet-b0) is reported, not fatal.
        Console.WriteLine($"{config}: skipped — {e.Message}");
        rows.Add($"| {config} | skipped: {FirstSentence(e.Message)} | | | | | |");
    }
}

var table = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"Dataset {dataset.Root} ({dataset.Train.Count} train, {dataset.Test.Count} test), image size {options.ImageSize}, seed {options.Seed}, device {options.Device}")
    .AppendLine()
    .AppendLine("| config | image AUROC | pixel AUROC | AUPRO (FPR ≤ 0.3) | epochs (best) | training time | inference ms/image |")
    .AppendLine("|---|---|---|---|---|---|---|");
foreach (string row in rows) table.AppendLine(row);
Console.WriteLine();
Console.Write(table);
AtomicFile.WriteAllText(Path.Combine(options.Output, "results.md"), table.ToString());
return 0;

static string RunOne(string config, DatasetIndex dataset, BenchOptions options, string output)
{
    Console.WriteLine($"== {config}");
    using DistillGraph graph = DistillGraphFactory.Build(config, options.ImageSize, new GraphBuildOptions { Device = options.Device, Seed = options.Seed });
    var trainingOptions = new TrainingOptions
    {
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        ImageSize = options.ImageSize,
        Seed = options.Seed,
        Device = options.Device,
        Threads = options.Threads,
        OutputDirectory = output,
    };
    var clock = Stopwatch.StartNew();
    TrainingResult trained = new DistillTrainer(graph, trainingOptions).Train(dataset.Train, new Progress<TrainingProgress>(p =>
    {
        if (p.Batch == p.Batches && p.Phase == TrainingPhase.Training)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {p.ImagesPerSecond:F1} img/s"));
        }
    }));
    double trainingSeconds = clock.Elapsed.TotalSeconds;

    DistillCheckpoint best = DistillCheckpoint.Read(trained.BestCheckpointPath);
    best.LoadStudentsInto(graph);
    var evaluator = new GraphEvaluator(graph, new EvaluationOptions { Device = options.Device, OutputDirectory = Path.Combine(output, "report"), BadImages = BadSamplePolicy.SkipAndReport });
    EvaluationReport report = evaluator.Evaluate(dataset.Test, new RunInfo
    {
        ConfigHash = best.ConfigSha256,
        WeightsSource = RunInfo.DescribeWeights(graph),
        Seed = options.Seed,
        TrainingSeconds = trainingSeconds,
        Threshold = best.Threshold,
    });
    return string.Create(CultureInfo.InvariantCulture,
        $"| {config} | {Format(report.ImageMetrics.Auroc)} | {Format(report.PixelMetrics?.Auroc)} | {Format(report.PixelMetrics?.Aupro)} | {trained.EpochsRun} ({trained.BestEpoch}) | {trainingSeconds:F0} s | {report.Timings.InferenceMillisecondsPerImage:F1} |");
}

static string Format(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

static string FirstSentence(string message) => message.Split(". ")[0].Replace('|', '/');
