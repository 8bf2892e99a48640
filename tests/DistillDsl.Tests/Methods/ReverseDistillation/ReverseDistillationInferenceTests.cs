using DistillDsl.Data;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Export;
using DistillDsl.Tests.Fusion;
using DistillDsl.Tests.Graphs;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Methods.ReverseDistillation;

/// <summary>A Reverse Distillation graph other than the shipped one (two taps, so the bottleneck imitates layer3 and reduces
/// one tap; one block per stage; the product over taps) through the fast path and the ONNX export, with random batch-norm
/// statistics so that folding into the transposed convolutions is tested on non-trivial values. The shipped config goes
/// through the same checks in FastInferenceGraphTests and OnnxExportEqualityTests.</summary>
public class ReverseDistillationInferenceTests(ITestOutputHelper output)
{
    private static DistillSpec Spec() => TestSpecs.WithTeachers(string.Join("\n",
            "  - name: resnet",
            "    backbone: resnet18",
            "    weights: random",
            "    taps: [layer1, layer2]",
            "    student: { kind: reverse_distillation, bottleneck_blocks: 1, decoder_blocks: 1 }"),
        "loss: { distance: cosine }\nanomaly_map: { distance: cosine, over_taps: product, gaussian_sigma: 4 }");

    private static DistillGraph RandomisedGraph()
    {
        var graph = new DistillGraph(Spec(), new GraphBuildOptions { RandomTeacherWeights = true, Seed = 5 });
        OnnxExportEqualityTests.RandomiseBatchNorms(graph, seed: 13);
        graph.eval();
        return graph;
    }

    [Fact]
    public void The_fast_path_gives_the_plain_maps_and_scores_in_both_layouts()
    {
        using DistillGraph graph = RandomisedGraph();
        using Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(8));
        FastInferenceGraphTests.AssertFastEqualsPlain(graph, rgb, "reverse distillation", 1e-5);
    }

    [Fact]
    public void Onnx_runtime_reproduces_the_maps_and_scores()
    {
        using DistillGraph graph = RandomisedGraph();
        ModelProto model = OnnxExporter.BuildModel(graph, new Dictionary<string, string>());
        Assert.Contains(model.Graph.Node, n => n.OpType == "ConvTranspose");
        Assert.Contains(model.Graph.Node, n => n.OpType == "Concat");
        using var session = new InferenceSession(model.ToByteArray());

        RgbImage[] images = [OnnxComparison.Texture(64, 64, 1), OnnxComparison.Texture(90, 70, 2)];
        foreach (RgbImage image in images)
        {
            var onnx = OnnxComparison.Onnx(session, [image]);
            var (map, score) = OnnxComparison.AssertClose(OnnxComparison.TorchSharp(graph, image), onnx[0], $"{image.Width}×{image.Height}");
            output.WriteLine($"{image.Width}×{image.Height}: maps {map:E2}, score {score:E2} of the largest value");
        }
    }
}
