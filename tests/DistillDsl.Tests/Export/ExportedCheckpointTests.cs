using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Deploy;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Inference;
using DistillDsl.Spec.Backbones;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Graphs;
using DistillDsl.Tests.Training;
using DistillDsl.Training;

namespace DistillDsl.Tests.Export;

/// <summary>Every shipped config, trained for one epoch at 64 px on a few synthetic images (EfficientNet teachers with seeded
/// random weights, ResNet-18 teachers with the real ImageNet weights), exported from its best.ckpt: the Deploy API on image
/// files of several sizes gives the maps and scores of the TorchSharp graph and the scores of AnomalyDetector.FromCheckpoint,
/// and the model's metadata is the checkpoint's.</summary>
public class ExportedCheckpointTests
{
    [Theory]
    [MemberData(nameof(TestSpecs.ShippedConfigNames), MemberType = typeof(TestSpecs))]
    public void The_deploy_api_scores_image_files_like_the_checkpoint_in_torchsharp(string config)
    {
        using var run = new TinyTraining();
        bool efficientNet = TestSpecs.Shipped(config).Teachers.Any(t => t.Backbone == BackboneCatalog.EfficientNetB0);
        TrainingResult trained;
        using (DistillGraph graph = ConfigSource.Resolve(config).BuildGraph(TestSpecs.SmallSide, new GraphBuildOptions { RandomTeacherWeights = efficientNet, Seed = 1 }))
        {
            trained = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), Epochs = 1, BatchSize = 4, Seed = 1, EarlyStop = false })
                .Train(run.Images(count: 10, side: TestSpecs.SmallSide));
        }
        Assert.True(trained.Stop == TrainingStop.Completed && trained.Threshold is not null, $"{config}: the training run ended {trained.Stop}: {trained.StopMessage}");
        string onnxPath = Path.Combine(run.Root, "export", config + ".onnx");
        OnnxExportResult exported = OnnxExporter.Export(trained.BestCheckpointPath, onnxPath);
        DistillCheckpoint checkpoint = DistillCheckpoint.Read(trained.BestCheckpointPath);

        // The input size (no resize), larger and non-square (antialiased shrink), smaller (upsampling), and a gray JPEG.
        string[] images =
        [
            TestImages.Png(Path.Combine(run.Root, "new", "same.png"), 64, 64, 3, OnnxComparison.Texture(64, 64, 1).Pixels),
            TestImages.Png(Path.Combine(run.Root, "new", "large.png"), 120, 90, 3, OnnxComparison.Texture(120, 90, 2).Pixels),
            TestImages.Png(Path.Combine(run.Root, "new", "small.png"), 48, 40, 3, OnnxComparison.Texture(48, 40, 3).Pixels),
            TestImages.Jpeg(Path.Combine(run.Root, "new", "gray.jpg"), 80, 80, 1),
        ];
        var detector = AnomalyDetector.FromCheckpoint(trained.BestCheckpointPath);
        using (detector.Graph)
        using (OnnxAnomalyDetector deployed = OnnxAnomalyDetector.Load(onnxPath))
        {
            var inProcess = detector.Score(images).ToList();
            var fromOnnx = deployed.Score(images, batchSize: 2).ToList();

            Assert.Equal(images, fromOnnx.Select(r => r.Source));
            for (int i = 0; i < images.Length; i++)
            {
                var torch = OnnxComparison.TorchSharp(detector.Graph, ImageFile.ReadRgb(images[i]));
                OnnxComparison.AssertClose(torch, (fromOnnx[i].Map, fromOnnx[i].Score), $"{config}, {Path.GetFileName(images[i])}");
                Assert.True(Math.Abs(inProcess[i].Score - fromOnnx[i].Score) <= OnnxComparison.RelativeTolerance * Math.Abs(inProcess[i].Score),
                            $"{config}, {Path.GetFileName(images[i])}: AnomalyDetector scores {inProcess[i].Score}, the Deploy API {fromOnnx[i].Score}.");
                Assert.Equal(fromOnnx[i].Score >= deployed.Model.Threshold, fromOnnx[i].IsAnomalous);
                if (Math.Abs(inProcess[i].Score - inProcess[i].Threshold) > 1e-3 * Math.Abs(inProcess[i].Threshold))
                {
                    Assert.Equal(inProcess[i].IsAnomalous, fromOnnx[i].IsAnomalous);
                }
            }

            DetectorModelInfo model = deployed.Model;
            Assert.Equal((config, checkpoint.ConfigSha256), (model.ConfigName, model.ConfigSha256));
            Assert.Equal((64, 64), (model.InputWidth, model.InputHeight));
            Assert.Equal(checkpoint.Threshold!.Value, model.Threshold);
            Assert.Equal(("quantile", 0.99, checkpoint.Threshold.Description), (model.ThresholdMethod, model.ThresholdParameter, model.ThresholdDescription));
            Assert.Equal(efficientNet, model.RandomTeacherWeights);
            Assert.Equal(checkpoint.ConfigYaml, model.Metadata[OnnxMetadataKeys.ConfigYaml]);
            Assert.Equal(exported.Metadata, model.Metadata.Where(e => exported.Metadata.ContainsKey(e.Key)).ToDictionary());
        }
    }
}
