using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Methods.MemoryBank;
using DistillDsl.Tests.Training;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Methods.MemoryBank;

/// <summary>A memory bank's one training pass on tiny synthetic images: every training feature ends in the bank when it
/// has room for all of them (so the training loss is zero and the validation loss is not), the training cache changes
/// nothing, best.ckpt gives back the same banks and scores, and a second epoch is refused.</summary>
[Collection(SerialTrainingCollection.Name)]
public class MemoryBankTrainingTests
{
    private const int Side = 32;

    /// <summary>layer1 (8×8 at 32²) and layer2 (4×4), so 12 training images fit in 1024 rows per tap; with
    /// <paramref name="imageTap"/> also the image pooled to 8×8 and centred, compared unnormalised while the layers are
    /// compared channel-normalised; with <paramref name="halfScale"/> a second teacher reads the image at 16² (downsample 2).</summary>
    private static string Config(int epochs = 1, string coreset = "greedy", int bankSize = 1024, bool imageTap = false, bool halfScale = false) => string.Join("\n",
        "name: tiny_memory_bank",
        "input:",
        $"  size: {Side}",
        "teachers:",
        "  - name: resnet",
        "    backbone: resnet18",
        "    weights: random",
        "    taps:",
        imageTap ? "      - { name: image, pool: { kind: avg, kernel: 8, stride: 4, padding: 2 }, center: image_mean, feature_norm: none }" : "",
        "      - { name: layer1, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }",
        "      - layer2",
        $"    student: {{ kind: memory_bank, bank_size: {bankSize}, coreset: {coreset} }}",
        halfScale ? string.Join("\n",
            "  - name: half",
            "    backbone: resnet18",
            "    weights: random",
            "    downsample: 2",
            "    taps: [{ name: layer1, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }, layer2]",
            $"    student: {{ kind: memory_bank, bank_size: {bankSize}, coreset: {coreset} }}") : "",
        $"loss: {{ distance: l2, feature_norm: {(imageTap ? "channel_l2" : "none")} }}",
        $"anomaly_map: {{ distance: l2, feature_norm: {(imageTap ? "channel_l2" : "none")}, gaussian_sigma: 4, normalize: {{ kind: validation_quantiles }}{(halfScale ? ", combine: sum" : "")} }}",
        "score: max",
        "training:",
        $"  epochs: {epochs}",
        "  batch_size: 4");

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void One_pass_fills_the_banks_with_the_training_features_and_the_cache_changes_nothing(bool imageTap, bool halfScale)
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(Config(imageTap: imageTap, halfScale: halfScale), "tiny_memory_bank.yaml");
        IReadOnlyList<DatasetSample> images = run.Images(15, Side);

        var (uncached, before, after) = run.TrainFresh(config, images, "uncached", cache: false);
        var (cached, _, cachedAfter) = run.TrainFresh(config, images, "cached", cache: true);

        Assert.Equal(TrainingStop.Completed, uncached.Stop);
        EpochRecord epoch = Assert.Single(uncached.History);
        Assert.True(epoch.TrainLoss <= 1e-6 * epoch.ValidationLoss, $"training loss {epoch.TrainLoss}: a bank with room for every training feature holds each of them");
        Assert.True(epoch.ValidationLoss > 0 && double.IsFinite(epoch.ValidationLoss), $"validation loss {epoch.ValidationLoss}");
        Assert.True(double.IsNaN(epoch.LearningRate), "a memory bank has no optimiser");
        Assert.False(TinyTraining.Identical(before, after), "the pass left the banks as they were");
        Assert.NotNull(uncached.Threshold);

        Assert.Equal(uncached.History.Select(e => (e.TrainLoss, e.ValidationLoss)), cached.History.Select(e => (e.TrainLoss, e.ValidationLoss)));
        Assert.True(TinyTraining.Identical(after, cachedAfter), "cached and uncached runs filled different banks");
        Assert.Equal(uncached.Threshold, cached.Threshold);

        // best.ckpt holds the banks: a graph built from it scores as the trained one.
        using DistillGraph trained = TinyTraining.Graph(config);
        DistillCheckpoint.Read(uncached.BestCheckpointPath).LoadStudentsInto(trained);
        using DistillGraph rebuilt = DistillCheckpoint.Read(uncached.BestCheckpointPath).BuildGraph();
        Assert.True(TinyTraining.Identical(after, TinyTraining.StudentState(rebuilt)), "best.ckpt does not give back the filled banks");
        if (halfScale)
        {
            // The half-scale teacher's layer2 is 2×2 per image: 12 training images give 48 distinct rows, a quarter of full scale's.
            Assert.Equal(after["resnet/layer2.rows"].shape[1], after["half/layer2.rows"].shape[1]);
            Assert.Equal(12 * 2 * 2, FilledRows(after, "half/layer2"));
            Assert.Equal(12 * 4 * 4, FilledRows(after, "resnet/layer2"));
        }
    }

    /// <summary>How many distinct rows a tap's bank holds.</summary>
    private static int FilledRows(IReadOnlyDictionary<string, Tensor> state, string tap)
    {
        Tensor rows = state[tap + ".rows"];
        float[] values = rows.contiguous().data<float>().ToArray();
        int width = (int)rows.shape[1];
        return Enumerable.Range(0, (int)rows.shape[0]).Select(r => string.Join(",", values.Skip(r * width).Take(width))).Distinct().Count();
    }

    [Fact]
    public void A_small_bank_keeps_its_coreset_and_a_second_epoch_is_refused()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images(10, Side);
        string small = run.WriteConfig(Config(bankSize: 16), "small_bank.yaml");
        var (result, _, after) = run.TrainFresh(small, images, "small", cache: true);
        EpochRecord epoch = Assert.Single(result.History);
        // 16 rows for 8 × 64 layer1 features: most training features are not in the bank.
        Assert.True(epoch.TrainLoss > 0, "a 16-row bank cannot hold every training feature");
        Assert.Equal(16, FilledRows(after, "resnet/layer1"));

        using DistillGraph graph = TinyTraining.Graph(small);
        var options = new TrainingOptions { OutputDirectory = run.Output("two_epochs"), Epochs = 2, Threads = 1 };
        var refused = Assert.Throws<TrainingRefusedException>(() => new DistillTrainer(graph, options).Train(images));
        Assert.Contains("one pass", refused.Message);
        Assert.True(MemoryBankFit.Applies(graph));
    }

}
