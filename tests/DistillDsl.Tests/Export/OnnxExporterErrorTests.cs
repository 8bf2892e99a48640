using DistillDsl.Checkpoints;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;
using DistillDsl.Tests.Training;
using TorchSharp;

namespace DistillDsl.Tests.Export;

/// <summary>What the exporter refuses, and how it says so.</summary>
public class OnnxExporterErrorTests(TrainedTinyRun trained) : IClassFixture<TrainedTinyRun>
{
    [Fact]
    public void A_missing_or_damaged_checkpoint_is_an_error_naming_it_and_writes_nothing()
    {
        string folder = trained.Folder("export-errors-" + Guid.NewGuid().ToString("N")[..6]);
        string missing = Path.Combine(folder, "missing.ckpt");
        string damaged = Path.Combine(folder, "damaged.ckpt");
        byte[] bytes = File.ReadAllBytes(trained.Result.BestCheckpointPath);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);
        string onnx = Path.Combine(folder, "model.onnx");

        foreach (string checkpoint in new[] { missing, damaged })
        {
            var error = Assert.Throws<CheckpointException>(() => OnnxExporter.Export(checkpoint, onnx));
            Assert.Equal(checkpoint, error.Path);
            Assert.Contains(checkpoint, error.Message);
        }
        Assert.Empty(Directory.GetFiles(folder, "*.onnx*"));
    }

    [Fact]
    public void A_checkpoint_without_a_threshold_is_refused_because_the_model_must_carry_one()
    {
        string onnx = Path.Combine(trained.Folder("export-last"), "model.onnx");
        var error = Assert.Throws<CheckpointException>(() => OnnxExporter.Export(trained.Result.LastCheckpointPath, onnx));
        Assert.Contains("no anomaly threshold", error.Message);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void An_unsupported_module_is_named_with_its_path_and_type()
    {
        var writer = new OnnxGraphWriter();
        var input = new OnnxValue("x", [OnnxGraphWriter.Batch, 3, 8, 8]);
        var error = Assert.Throws<NotSupportedException>(() => new ModuleExporter(writer).Export(torch.nn.GELU(), input, "resnet.student.layer1.0"));
        Assert.Contains("'resnet.student.layer1.0'", error.Message);
        Assert.Contains("GELU", error.Message);
    }

    [Fact]
    public void An_adaptive_pool_whose_size_does_not_divide_the_features_is_refused_naming_the_tap()
    {
        // At 100 px, layer1 is 25×25 and a stride-2 student stage gives 13×13: a valid graph, but 13 does not divide 25.
        var spec = TestSpecs.WithTeachers(string.Join("\n",
            "  - name: resnet",
            "    backbone: resnet18",
            "    weights: random",
            "    taps:",
            "      - { name: layer1, pool: { kind: adaptive_avg, size: 13 } }",
            "    student: { kind: reduced_resnet, stages: [{ name: layer1, stride: 2 }] }"), side: 100);
        using var graph = new DistillGraph(spec);
        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.BuildModel(graph, new Dictionary<string, string>()));
        Assert.Contains("resnet.layer1", error.Message);
        Assert.Contains("25×25", error.Message);
    }
}
