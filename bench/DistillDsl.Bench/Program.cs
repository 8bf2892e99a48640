using System.Diagnostics;
using System.Globalization;
using System.Text;
using DistillDsl.Bench;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.Devices;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Reports;
using DistillDsl.Runs;
using DistillDsl.Training;
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

IReadOnlyList<DatasetIndex> families = [];
if (options.Families)
{
    string familiesRoot = Path.Combine(options.Output, "families-data");
    Console.WriteLine($"Writing the synthetic texture families to {familiesRoot} ...");
    families = SyntheticFamilies.Write(familiesRoot, options.ImageSize);
}

var rows = new List<BenchRow>();
foreach (string config in options.Configs)
{
    string output = Path.Combine(options.Output, Path.GetFileNameWithoutExtension(config));
    BenchRow row = RunOrSkip(config, dataset, options, output);
    if (row.SkippedBecause is null && families.Count > 0)
    {
        // Validation only, and never the port: the families take part in the choice, not in the reported test numbers.
        BenchOptions familyOptions = options with { SkipTest = true, PyTorchPort = false };
        row = row with
        {
            Families = families.Select(f => (f.Name, RunOrSkip(config, f, familyOptions, Path.Combine(output, "families", f.Name)).Validation)).ToList(),
        };
    }
    rows.Add(row);
    WriteTable(rows, dataset, options);
}
Console.WriteLine();
Console.Write(WriteTable(rows, dataset, options));
return 0;

static BenchRow RunOrSkip(string config, DatasetIndex dataset, BenchOptions options, string output)
{
    try
    {
        return RunOne(config, dataset, options, output);
    }
    catch (Exception e) when (e is WeightsException or DistillConfigException or DeviceUnavailableException)
    {
        // A config whose weights are not on this machine (EfficientNet-b0) is reported, not fatal.
        Console.WriteLine($"{config}: skipped — {e.Message}");
        return new BenchRow(config, null, null, null, FirstSentence(e.Message));
    }
}

static BenchRow RunOne(string config, DatasetIndex dataset, BenchOptions options, string output)
{
    Console.WriteLine($"== {config} on {dataset.Name}");
    using DetectorRun detector = DetectorRun.Build(ConfigSource.Resolve(config), options.ImageSize, new GraphBuildOptions { Device = options.Device, Seed = options.Seed },
                                                   options.Threads);
    DistillGraph graph = detector.Graph;
    var trainingOptions = new TrainingOptions
    {
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        ImageSize = options.ImageSize,
        Seed = options.Seed,
        Device = options.Device,
        Threads = options.Threads,
        OutputDirectory = Path.Combine(output, "run"),
        Resume = options.Resume && File.Exists(Path.Combine(output, "run", "last.ckpt")),
    };
    if (!trainingOptions.Resume && Directory.Exists(trainingOptions.OutputDirectory))
    {
        Console.WriteLine($"  starting over: deleting the earlier run in {trainingOptions.OutputDirectory} (--resume continues it)");
        Directory.Delete(trainingOptions.OutputDirectory, recursive: true);
    }

    // The trainer holds out exactly this split; its validation images (never trained on) get the painted defects.
    TrainValidationSplit split = TrainValidationSplit.Split(dataset.Train, graph.Spec.Training.ValidationSplit, options.Seed);
    IReadOnlyList<DatasetSample> validation = SyntheticDefectSet.Write(Path.Combine(output, "validation-defects"), split.Validation,
                                                                       options.ImageSize, options.Seed, overwrite: true);

    string bestCheckpoint = Path.Combine(trainingOptions.OutputDirectory, "best.ckpt");
    (DateTime Written, string Sha256)? bestBefore = File.Exists(bestCheckpoint) ? (File.GetLastWriteTimeUtc(bestCheckpoint), FileSha256(bestCheckpoint)) : null;
    var clock = Stopwatch.StartNew();
    TrainingResult trained = detector.Train(dataset.Train, trainingOptions, new Progress<TrainingProgress>(p =>
    {
        if (p.Batch == p.Batches && p.Phase == TrainingPhase.Training)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {p.ImagesPerSecond:F1} img/s"));
        }
    }));
    double trainingSeconds = clock.Elapsed.TotalSeconds;

    if (!detector.CanEvaluate)
    {
        Console.WriteLine($"  not evaluated: {trained.StopMessage}");
        return new BenchRow(config, null, null, null, FirstSentence(trained.StopMessage));
    }
    // A resumed run whose best checkpoint has the same content as before (a finished run rewrites it unchanged) keeps the
    // reports already made from it.
    DateTime? reusableAfter = trainingOptions.Resume && bestBefore is var (written, sha256) && FileSha256(bestCheckpoint) == sha256 ? written : null;
    ReportDocument onValidation = EvaluateOrReuse(detector, options, Path.Combine(output, "validation-report"), validation, heatmaps: false, reusableAfter);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  validation with painted defects: image AUROC {Format(onValidation.Metrics.Image.Auroc)}, pixel AUROC {Format(onValidation.Metrics.Pixel?.Auroc)}, AUPRO {Format(onValidation.Metrics.Pixel?.Aupro)}"));
    ReportDocument? onTest = options.SkipTest ? null : EvaluateOrReuse(detector, options, Path.Combine(output, "test-report"), dataset.Test, heatmaps: true, reusableAfter);
    PortResult? port = null;
    if (options.PyTorchPort)
    {
        if (PyTorchPort.Unsupported(graph) is string why) Console.WriteLine($"  PyTorch port: skipped, {why}.");
        else port = PyTorchPort.Run(graph, split, validation, options.SkipTest ? null : dataset.Test, options.ImageSize, options.Seed, options.Threads,
                                    options.Python, Path.Combine(output, "pytorch-port"));
        if (port is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  PyTorch port, validation with painted defects: image AUROC {Format(port.ValidationImage.Auroc)}, pixel AUROC {Format(port.ValidationPixel?.Auroc)}, AUPRO {Format(port.ValidationPixel?.Aupro)}"));
        }
    }
    return new BenchRow(config, onValidation, onTest, new TrainingSummary(trained.EpochsRun, trained.BestEpoch, trainingSeconds), null, port);
}

// reusableAfter: the time the best checkpoint was last written, when a report written after it may stand for a new evaluation.
static ReportDocument EvaluateOrReuse(DetectorRun detector, BenchOptions options, string output, IReadOnlyList<DatasetSample> samples, bool heatmaps,
                                      DateTime? reusableAfter)
{
    string saved = ReportLayout.Standard.In(output).ReportJson;
    if (reusableAfter is DateTime checkpointWritten && File.Exists(saved) && File.GetLastWriteTimeUtc(saved) > checkpointWritten)
    {
        ReportDocument earlier = ReportJson.Read(saved);
        if (earlier.ConfigHash == (detector.Graph.Source?.Sha256 ?? "unknown") && earlier.Metrics.Image.ImageCount == samples.Count)
        {
            Console.WriteLine($"  --resume: {saved} was made from the same best checkpoint; read back, not scored again");
            return earlier;
        }
    }
    return ReportDocument.From(detector.Evaluate(samples, new EvaluationOptions
    {
        Device = options.Device,
        OutputDirectory = output,
        WriteHeatmaps = heatmaps,
        BadImages = BadSamplePolicy.SkipAndReport,
    }));
}

static string WriteTable(IReadOnlyList<BenchRow> rows, DatasetIndex dataset, BenchOptions options)
{
    var table = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"Dataset {dataset.Root} ({dataset.Train.Count} train, {dataset.Test.Count} test), image size {options.ImageSize}, " +
                                                  $"epochs {(options.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "as each config says")}, seed {options.Seed}, device {options.Device}")
        .AppendLine()
        .AppendLine("Validation: the trainer's held-out normal images, each also with one painted defect (scratch, hole, stain, color spot, crack, shading in turn). " +
                    "Selection score = mean of its image AUROC, pixel AUROC and AUPRO.")
        .AppendLine()
        .AppendLine("| config | validation image AUROC | validation pixel AUROC | validation AUPRO | selection score | test image AUROC | test pixel AUROC | test AUPRO (FPR ≤ 0.3) | test image F1-max | epochs (best) | training time | inference ms/image |")
        .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (BenchRow row in rows)
    {
        if (row.SkippedBecause is string reason)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Config} | skipped: {reason} | | | | | | | | | | |");
            continue;
        }
        ReportDocument validation = row.Validation!;
        ReportDocument? test = row.Test;
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {row.Config} | {Format(validation.Metrics.Image.Auroc)} | {Format(validation.Metrics.Pixel?.Auroc)} | {Format(validation.Metrics.Pixel?.Aupro)} | {Format(row.SelectionScore)} " +
            $"| {Format(test?.Metrics.Image.Auroc)} | {Format(test?.Metrics.Pixel?.Auroc)} | {Format(test?.Metrics.Pixel?.Aupro)} | {Format(test?.Metrics.Image.F1Max?.F1)} " +
            $"| {row.Training!.EpochsRun} ({row.Training.BestEpoch}) | {row.Training.Seconds:F0} s | {(test ?? validation).Timings.InferenceMillisecondsPerImage:F1} |");
        if (row.Port is PortResult port)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Config} (PyTorch port) | {Format(port.ValidationImage.Auroc)} | {Format(port.ValidationPixel?.Auroc)} | {Format(port.ValidationPixel?.Aupro)} | {Format(port.SelectionScore)} " +
                $"| {Format(port.TestImage?.Auroc)} | {Format(port.TestPixel?.Auroc)} | {Format(port.TestPixel?.Aupro)} | {Format(port.TestImage?.F1Max?.F1)} " +
                $"| 1 (1) | {port.TrainingSeconds:F0} s | {port.MillisecondsPerImage:F1} |");
        }
    }
    if (rows.Any(r => r.Port is not null))
    {
        table.AppendLine().AppendLine("(PyTorch port): bench/python/memory_bank_port.py, the same method in PyTorch on the same inputs and teacher weights; " +
                                      "its metrics are computed by the same code from its maps and scores. It is not a candidate of the choice.");
    }
    if (options.Families) AppendFamiliesTable(table, rows);
    BenchRow? chosen = rows.Where(r => r.ChoiceScore is not null).MaxBy(r => r.ChoiceScore);
    if (chosen is not null)
    {
        string score = options.Families ? "mean of the dataset's and the families' selection" : "selection score";
        table.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Chosen on validation data only: {chosen.Config} ({score} {Format(chosen.ChoiceScore)}).");
    }
    string text = table.ToString();
    Directory.CreateDirectory(options.Output);
    AtomicFile.WriteAllText(Path.Combine(options.Output, "results.md"), text);
    return text;
}

static void AppendFamiliesTable(StringBuilder table, IReadOnlyList<BenchRow> rows)
{
    IReadOnlyList<string> names = rows.SelectMany(r => r.Families.Select(f => f.Family)).Distinct().ToList();
    table.AppendLine()
        .AppendLine($"Synthetic families ({SyntheticFamilies.TrainCount} training images each, seed {SyntheticFamilies.Seed}), validation only: image AUROC / pixel AUROC / AUPRO = selection score. " +
                    "The choice uses the mean of the dataset's selection score and the families' mean.")
        .AppendLine()
        .AppendLine($"| config | dataset | {string.Join(" | ", names)} | families' mean | choice score |")
        .AppendLine($"|---|---|{string.Concat(names.Select(_ => "---|"))}---|---|");
    foreach (BenchRow row in rows.Where(r => r.SkippedBecause is null))
    {
        IEnumerable<string> cells = names.Select(name => Cell(row.Families.FirstOrDefault(f => f.Family == name).Validation));
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {row.Config} | {Cell(row.Validation)} | {string.Join(" | ", cells)} | {Format(row.FamiliesMean)} | {Format(row.ChoiceScore)} |");
    }

    static string Cell(ReportDocument? validation) => validation is null
        ? "n/a"
        : $"{Format(validation.Metrics.Image.Auroc)} / {Format(validation.Metrics.Pixel?.Auroc)} / {Format(validation.Metrics.Pixel?.Aupro)} = {Format(BenchRow.SelectionOf(validation))}";
}

static string FileSha256(string path)
{
    using FileStream stream = File.OpenRead(path);
    return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
}

static string Format(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

static string FirstSentence(string message) => message.Split(". ")[0].Replace('|', '/');
