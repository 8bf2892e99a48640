using System.Diagnostics;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Training;
using Xunit.Abstractions;

namespace DistillDsl.Tests.Evidence;

/// <summary>Evidence that the engine really detects and localises defects: a Reduced Student against the ImageNet
/// ResNet-18 (the ONNX model of Microsoft.ML.DnnImageFeaturizer.ResNet18), trained on synthetic tiles, reaches image
/// AUROC ≥ 0.90 and pixel AUROC ≥ 0.95. CPU budget: 64 training + 16 validation images of 256², 24 epochs, then 30 test
/// images; about 2 minutes on 2 cores (measured: see the test output).</summary>
/// <remarks>The bars come from the measured spread, not from one run: with training seeds 42 and 7, in channels-last (the
/// default) and NCHW layout, image AUROC was 0.930, 0.950, 0.990, 0.950 and pixel AUROC 0.980–0.982 (AUPRO 0.929–0.944).
/// Image AUROC over 30 test images moves by a few hundredths with the training trajectory, which float rounding alone
/// changes; pixel AUROC hardly moves.</remarks>
public sealed class SyntheticReducedStudentTests(ITestOutputHelper output) : IDisposable
{
    private const int Epochs = 24;
    private readonly string folder = Directory.CreateTempSubdirectory("evidence-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_reduced_student_on_synthetic_tiles_detects_and_localises_defects()
    {
        var clock = Stopwatch.StartNew();
        string data = Path.Combine(folder, "data");
        SyntheticTextureGenerator.WriteMvtecLayout(data, new SyntheticDatasetOptions { Families = [TextureFamily.Tile], TrainCount = 80, Seed = 42 });
        DatasetIndex dataset = DatasetLayouts.OpenMvtec(data, TextureFamily.Tile.FolderName());
        string config = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Configs", "reduced_student_synthetic.yaml");

        using DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(options: new GraphBuildOptions { Seed = 42 });
        TrainingResult trained = new DistillTrainer(graph, new TrainingOptions { Epochs = Epochs, Seed = 42, OutputDirectory = Path.Combine(folder, "run") })
            .Train(dataset.Train);
        EvaluationReport report = new GraphEvaluator(graph, new EvaluationOptions()).Evaluate(dataset.Test);

        output.WriteLine($"{trained.EpochsRun} epochs (best {trained.BestEpoch}), training {trained.Duration.TotalSeconds:F0} s, whole test {clock.Elapsed.TotalSeconds:F0} s");
        output.WriteLine($"image AUROC {report.ImageMetrics.Auroc:F3}, pixel AUROC {report.PixelMetrics?.Auroc:F3}, AUPRO {report.PixelMetrics?.Aupro:F3}");
        Assert.Equal(TrainingStop.Completed, trained.Stop);
        Assert.True(report.ImageMetrics.Auroc >= 0.90, $"image AUROC {report.ImageMetrics.Auroc:F3} < 0.90");
        Assert.True(report.PixelMetrics?.Auroc >= 0.95, $"pixel AUROC {report.PixelMetrics?.Auroc:F3} < 0.95");
    }
}
