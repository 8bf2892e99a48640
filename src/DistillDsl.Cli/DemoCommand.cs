using System.Diagnostics;
using System.Globalization;
using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.Devices;
using DistillDsl.Evaluation;
using DistillDsl.Students;
using DistillDsl.Training;
using DistillDsl.Weights.ImageNet;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Cli;

/// <summary>The main job of this stage: synthetic textures → Reduced Student against the ImageNet ResNet-18 → AUROC and heat maps.</summary>
internal static class DemoCommand
{
    /// <summary>The paper's Reduced Student taps (§5.2): the layer before the first block and the first three blocks.</summary>
    private static readonly string[] Taps = ["stem", "layer1", "layer2", "layer3"];

    public static int Run(DemoOptions options, TextWriter output)
    {
        Device device = DeviceSelector.Resolve(options.Device);
        if (options.Threads > 0) set_num_threads(options.Threads);
        manual_seed(options.Seed);
        TextureFamily family = ParseFamily(options.Family);

        string dataRoot = Path.Combine(options.Output, "data");
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
        TrainValidationSplit split = TrainValidationSplit.Split(dataset.Train, 0.2, options.Seed);

        output.WriteLine("Loading the ImageNet ResNet-18 teacher (Microsoft.ML.DnnImageFeaturizer.ResNet18) ...");
        PretrainedResNet18 teacher = PretrainedResNet18Loader(device);
        var preprocessing = new ImagePreprocessing(options.ImageSize, teacher.InputNormalization);
        using var student = new ReducedResNetStudent(Taps);
        student.to(device);

        output.WriteLine($"Training the Reduced Student on {split.Train.Count} images ({split.Validation.Count} held out), {options.Epochs} epochs, batch {options.BatchSize}, device {device} ...");
        var trainBatches = new BatchStream(split.Train, preprocessing, options.BatchSize, device, shuffleSeed: options.Seed);
        var clock = Stopwatch.StartNew();
        var trainer = new StudentTrainer(teacher.Backbone, student, Taps);
        var losses = trainer.Train(epoch => ImagesOf(trainBatches.Epoch(epoch)), options.Epochs, trainBatches.BatchCount, options.LearningRate,
            new Progress<TrainingProgress>(p =>
            {
                if (p.Batch == p.Batches) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}  {p.ImagesPerSecond:F1} img/s  eta {p.EstimatedRemaining:mm\\:ss}"));
            }));
        TimeSpan trainingTime = clock.Elapsed;

        string heatmaps = Path.Combine(options.Output, "heatmaps", family.FolderName());
        var evaluator = new DistillationEvaluator(teacher.Backbone, student, Taps);
        DetectionResult result = evaluator.Evaluate(new BatchStream(dataset.Test, preprocessing, options.BatchSize, device), heatmaps);

        output.WriteLine();
        output.WriteLine("| category | train images | epochs | final loss | image AUROC | pixel AUROC | pixel AUPRO | training time |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {family.FolderName()} | {split.Train.Count} | {options.Epochs} | {losses[^1]:F4} | {result.ImageAuroc:F3} | {result.PixelAuroc:F3} | {result.PixelAupro:F3} | {trainingTime.TotalSeconds:F0} s |"));
        output.WriteLine();
        output.WriteLine($"Heat maps ({result.Images.Count}): {Path.GetFullPath(heatmaps)}");
        return 0;
    }

    private static PretrainedResNet18 PretrainedResNet18Loader(Device device)
    {
        PretrainedResNet18 teacher = ImageNetResNet18.Load();
        teacher.Backbone.to(device);
        return teacher;
    }

    private static IEnumerable<Tensor> ImagesOf(IEnumerable<Batch> batches)
    {
        foreach (Batch batch in batches)
        {
            using (batch) yield return batch.Images;
        }
    }

    private static TextureFamily ParseFamily(string name)
    {
        foreach (TextureFamily family in Enum.GetValues<TextureFamily>())
        {
            if (family.FolderName() == name) return family;
        }
        throw new ArgumentException($"Unknown texture family '{name}'; known: {string.Join(", ", Enum.GetValues<TextureFamily>().Select(f => f.FolderName()))}.");
    }
}
