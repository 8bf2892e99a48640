using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Deploy;
using DistillDsl.Evaluation;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Inference;
using DistillDsl.Metrics;
using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Export;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary><c>anomaly_map.normalize: validation_quantiles</c> end to end on a tiny run: the trainer measures the quantiles
/// on the validation images with the best students, stores them in best.ckpt, takes the threshold on normalised scores,
/// and every scoring path (plain graph, fast path, AnomalyDetector, ONNX export) applies them. The config also uses
/// <c>loss.hard_quantile</c> and <c>feature_norm: none</c>, so they are trained and scored through the real engine.</summary>
public class MapNormalizationTrainingTests
{
    private static string Config(string per) => string.Join("\n",
        "name: tiny_normalized",
        "input: { size: 32 }",
        "teachers:",
        "  - name: resnet",
        "    backbone: resnet18",
        "    weights: random",
        "    taps: [layer1, layer2]",
        "    student: { kind: reduced_resnet, stages: [layer1, layer2] }",
        "loss: { hard_quantile: 0.9, feature_norm: none }",
        $"anomaly_map: {{ feature_norm: none, normalize: {{ kind: validation_quantiles, q_a: 0.9, q_b: 0.995, per: {per} }} }}",
        "score: max",
        "training:",
        "  optimizer: { kind: adam, lr: 1.0e-3 }",
        "  epochs: 2",
        "  batch_size: 4",
        "  validation_split: 0.25");

    [Theory]
    [InlineData("tap")]
    [InlineData("teacher")]
    public void The_trainer_stores_validation_quantiles_and_every_path_scores_with_them(string per)
    {
        using var run = new TinyTraining();
        var images = run.Images(count: 12);
        TrainingResult result;
        using (DistillGraph graph = TinyTraining.Graph(run.WriteConfig(Config(per))))
        {
            result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), Seed = 3 }).Train(images);
            Assert.True(result.Stop == TrainingStop.Completed && result.Threshold is not null, result.StopMessage);
            Assert.NotNull(graph.MapNormalization);
        }
        DistillCheckpoint best = DistillCheckpoint.Read(result.BestCheckpointPath);
        MapNormalization stored = best.MapNormalization ?? throw new Xunit.Sdk.XunitException("best.ckpt holds no map normalisation");
        Assert.Equal(per == "tap" ? ["resnet/layer1", "resnet/layer2"] : new[] { "resnet" }, stored.Maps.Select(m => m.Key));
        Assert.All(stored.Maps, m => Assert.True(m.B > m.A, $"{m.Key}: a {m.A}, b {m.B}"));

        var validation = TrainValidationSplit.Split(images, 0.25, seed: 3).Validation;
        using DistillGraph loaded = best.BuildGraph();
        Assert.Equal(stored.Maps, loaded.MapNormalization!.Maps);

        // The report says how the maps were brought to one scale.
        var labelled = validation.Concat(images.Take(2)).Select((s, i) => s with { IsAnomalous = i % 2 == 1, DefectType = i % 2 == 1 ? "odd" : "good" }).ToList();
        ScoringInfo scoringInfo = new GraphEvaluator(loaded, new EvaluationOptions()).Evaluate(labelled).Scoring!;
        Assert.Equal($"each {per}'s map as 0.1 · (m − a) / (b − a), a and b its q 0.9 and q 0.995 quantiles over the normal validation images",
                     scoringInfo.MapNormalization);
        Assert.EndsWith("anomaly map, combined from " + scoringInfo.MapNormalization, scoringInfo.Description);

        // The quantiles again, by hand: the plain path's maps of the validation images, one batch.
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            Tensor rgb = stack(validation.Select(s => ImagePreprocessing.Rgb(32).ToTensors(new DecodedSample(ImageFile.ReadRgb(s.ImagePath), null)).Rgb).ToArray());
            using GraphFeatures features = loaded.forward(rgb);
            var collector = new MapQuantileCollector(loaded.Spec);
            collector.Add(loaded.MapsToNormalize(features, 32, 32));
            MapNormalization byHand = collector.Result();
            for (int i = 0; i < stored.Maps.Count; i++)
            {
                Assert.Equal(byHand.Maps[i].A, stored.Maps[i].A, 1e-5);
                Assert.Equal(byHand.Maps[i].B, stored.Maps[i].B, 1e-5);
            }

            // Plain path with the normalisation = fast path (GraphScoring) = the threshold's scores.
            Tensor plainScores = loaded.Score(loaded.AnomalyMap(features, 32, 32));
            using var scoring = new GraphScoring(loaded);
            Assert.True(scoring.IsFast);
            float[] fastScores = scoring.Run(rgb, copyMaps: false).Scores;
            float[] plain = plainScores.data<float>().ToArray();
            for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i], fastScores[i], 1e-5);
            AnomalyThreshold threshold = AnomalyThreshold.FromQuantile(fastScores, 0.99);
            Assert.Equal(threshold.Value, best.Threshold!.Value, 1e-5);
        }

        // AnomalyDetector and the exported ONNX model apply the stored values; each image's score is its own.
        string[] paths = validation.Select(s => s.ImagePath).ToArray();
        var detector = AnomalyDetector.FromCheckpoint(result.BestCheckpointPath);
        using (detector.Graph)
        {
            var together = detector.Score(paths).Select(r => r.Score).ToList();
            var alone = paths.Select(p => detector.Score([p]).Single().Score).ToList();
            // Equal up to float rounding (batch size changes LibTorch's summation order), whatever images are scored with it.
            for (int i = 0; i < paths.Length; i++) Assert.Equal(together[i], alone[i], 1e-5 * Math.Abs(together[i]) + 1e-7);
            string onnxPath = Path.Combine(run.Root, "model.onnx");
            OnnxExportResult exported = OnnxExporter.Export(result.BestCheckpointPath, onnxPath);
            Assert.StartsWith($"per {per}, q_a 0.9, q_b 0.995: ", exported.Metadata[OnnxMetadataKeys.MapNormalization]);
            using OnnxAnomalyDetector deployed = OnnxAnomalyDetector.Load(onnxPath);
            var fromOnnx = deployed.Score(paths).ToList();
            for (int i = 0; i < paths.Length; i++)
            {
                var torch = OnnxComparison.TorchSharp(detector.Graph, ImageFile.ReadRgb(paths[i]));
                OnnxComparison.AssertClose(torch, (fromOnnx[i].Map, fromOnnx[i].Score), Path.GetFileName(paths[i]));
            }
        }
    }

    [Fact]
    public void Without_measured_values_a_normalising_graph_refuses_to_score_and_to_export()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(Config("tap"));
        using DistillGraph graph = TinyTraining.Graph(config);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            using GraphFeatures features = graph.forward(rand(1, 3, 32, 32));
            var error = Assert.Throws<InvalidOperationException>(() => graph.AnomalyMap(features, 32, 32));
            Assert.Contains("tiny_normalized", error.Message);
            Assert.Contains("best.ckpt", error.Message);
        }
        var export = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(graph, new AnomalyThreshold(1, ThresholdMethod.Quantile, 0.99, 1, 0, 1), Path.Combine(run.Root, "m.onnx")));
        Assert.Contains("anomaly_map.normalize", export.Message);
        // Values for other maps are refused when set.
        Assert.Throws<ArgumentException>(() => graph.MapNormalization = new MapNormalization(MapNormalizationLevel.Teacher, 0.9, 0.995, [new("resnet", null, 0, 1)]));
    }

    [Fact]
    public void A_checkpoint_without_the_values_is_refused_naming_the_file()
    {
        using var run = new TinyTraining();
        TrainingResult result;
        using (DistillGraph graph = TinyTraining.Graph(run.WriteConfig(Config("tap"))))
        {
            result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), Epochs = 1 }).Train(run.Images(count: 8));
        }
        var error = Assert.Throws<CheckpointException>(() => DistillCheckpoint.Read(result.LastCheckpointPath).BuildGraph());
        Assert.Contains(result.LastCheckpointPath, error.Message);
        Assert.Contains("anomaly_map.normalize", error.Message);
    }
}
