using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Tests.Training;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Methods.ReverseDistillation;

/// <summary>A few epochs of Reverse Distillation on tiny synthetic images: the losses are finite and fall, the students
/// change, and the training cache (whose teacher taps are all this student reads) gives the uncached run exactly.</summary>
[Collection(SerialTrainingCollection.Name)]
public class ReverseDistillationTrainingTests
{
    private const int Side = 32;

    private static string Config() => string.Join("\n",
        "name: tiny_reverse_distillation",
        "input:",
        $"  size: {Side}",
        "teachers:",
        "  - name: resnet",
        "    backbone: resnet18",
        "    weights: random",
        "    taps: [layer1, layer2]",   // bottleneck like layer3: a small student, so small checkpoints
        "    student: { kind: reverse_distillation, bottleneck_blocks: 1, decoder_blocks: 1 }",
        "loss: { distance: cosine }",
        "anomaly_map: { distance: cosine, gaussian_sigma: 4 }",
        "score: max",
        "training:",
        "  optimizer: { kind: adam, lr: 0.005, betas: [0.5, 0.999] }",
        "  epochs: 3",
        "  batch_size: 4");

    [Fact]
    public void Training_lowers_a_finite_loss_changes_the_students_and_the_cache_changes_nothing()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(Config(), "tiny_reverse_distillation.yaml");
        IReadOnlyList<DatasetSample> images = run.Images(8, Side);

        var (uncached, before, after) = run.TrainFresh(config, images, "uncached", cache: false);
        var (cached, _, cachedAfter) = run.TrainFresh(config, images, "cached", cache: true);

        Assert.Equal(TrainingStop.Completed, uncached.Stop);
        Assert.All(uncached.History, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.ValidationLoss), $"epoch {e.Epoch}"));
        Assert.True(uncached.History[^1].TrainLoss < uncached.History[0].TrainLoss,
            $"the training loss did not fall: {string.Join(", ", uncached.History.Select(e => e.TrainLoss))}");
        Assert.False(TinyTraining.Identical(before, after), "training left the students as they were");
        Assert.NotNull(uncached.Threshold);

        Assert.Equal(uncached.History.Select(e => (e.TrainLoss, e.ValidationLoss)), cached.History.Select(e => (e.TrainLoss, e.ValidationLoss)));
        Assert.True(TinyTraining.Identical(after, cachedAfter), "cached and uncached runs trained different students");
        Assert.Equal(uncached.Threshold, cached.Threshold);
    }

}
