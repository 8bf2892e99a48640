using System.Globalization;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Runs;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Cli;

/// <summary>The main job: synthetic textures → a config's graph (default: the Reduced Student against the ImageNet
/// ResNet-18) trained by the engine → AUROC, AUPRO, reports and heat maps.</summary>
internal static class DemoCommand
{
    public static int Run(DemoOptions options, TextWriter output)
    {
        TextureFamily family = ParseFamily(options.Family);
        string run = Path.GetFullPath(options.Output);

        string dataRoot = Path.Combine(run, "data");
        output.WriteLine($"Writing synthetic '{family.FolderName()}' textures (seed {options.Seed}) to {dataRoot} ...");
        SyntheticTextureGenerator.WriteMvtecLayout(dataRoot, new SyntheticDatasetOptions
        {
            Families = [family],
            ImageSize = options.ImageSize,
            TrainCount = options.TrainImages,
            Seed = options.Seed,
            Overwrite = true,
        });
        DatasetIndex dataset = DatasetLayouts.OpenMvtec(dataRoot, family.FolderName());

        output.WriteLine($"Building '{options.Config}' at {options.ImageSize}×{options.ImageSize} (ImageNet ResNet-18 from Microsoft.ML.DnnImageFeaturizer.ResNet18) ...");
        using DetectorRun detector = DetectorRun.Build(ConfigSource.Resolve(options.Config), options.ImageSize,
                                                       new GraphBuildOptions { Device = options.Device, Seed = options.Seed },
                                                       threads: options.Threads > 0 ? options.Threads : null);
        DistillGraph graph = detector.Graph;

        string checkpoints = Path.Combine(run, "checkpoints");
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true); // a demo always starts afresh
        var training = new TrainingOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            ImageSize = options.ImageSize,
            Seed = options.Seed,
            Device = options.Device,
            OutputDirectory = checkpoints,
        };
        TrainingResult trained = detector.Train(dataset.Train, training, new Progress<TrainingProgress>(p =>
        {
            if (p.Phase == TrainingPhase.Training && p.Batch == p.Batches)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}  {p.ImagesPerSecond:F1} img/s  eta {p.EstimatedRemaining:mm\\:ss}"));
            }
        }));
        output.WriteLine($"Training stopped: {trained.Stop}. Best epoch {trained.BestEpoch} (validation loss {trained.BestValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}).");

        string reportFolder = Path.Combine(run, "report");
        EvaluationReport report = detector.Evaluate(dataset.Test, new EvaluationOptions { Device = options.Device, BatchSize = options.BatchSize ?? 8, OutputDirectory = reportFolder });

        output.WriteLine();
        output.WriteLine("| config | category | epochs (best) | image AUROC | pixel AUROC | pixel AUPRO | training time |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {graph.Spec.Name} | {family.FolderName()} | {trained.EpochsRun} ({trained.BestEpoch}) | {Format(report.ImageMetrics.Auroc)} | {Format(report.PixelMetrics?.Auroc)} | {Format(report.PixelMetrics?.Aupro)} | {trained.Duration.TotalSeconds:F0} s |"));
        output.WriteLine();
        output.WriteLine($"Report and heat maps: {reportFolder}");
        output.WriteLine($"Checkpoint: {trained.BestCheckpointPath}");
        return 0;
    }

    private static string Format(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static TextureFamily ParseFamily(string name)
    {
        foreach (TextureFamily family in Enum.GetValues<TextureFamily>())
        {
            if (family.FolderName() == name) return family;
        }
        throw new ArgumentException($"Unknown texture family '{name}'; known: {string.Join(", ", Enum.GetValues<TextureFamily>().Select(f => f.FolderName()))}.");
    }
}
