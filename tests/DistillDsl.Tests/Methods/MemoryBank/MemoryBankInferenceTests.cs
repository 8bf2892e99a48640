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

namespace DistillDsl.Tests.Methods.MemoryBank;

/// <summary>Memory bank graphs (seeded random banks, as an untrained graph has them) through the fast path and the ONNX
/// export, searching raw features and channel-normalised ones, with a padded neighbourhood pool on one tap, and with the
/// teacher's reflect border, and with an image tap (centred, unnormalised) beside channel-normalised layers.</summary>
public class MemoryBankInferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, bool> FeatureNorms() => new()
    {
        { "none", 0, false }, { "channel_l2", 0, false }, { "channel_l2", 16, false }, { "channel_l2", 0, true }, { "channel_l2", 16, true },
    };

    private static DistillGraph Graph(string featureNorm, int reflectBorder, bool imageTap)
    {
        DistillSpec spec = TestSpecs.WithTeachers(string.Join("\n",
                "  - name: resnet",
                "    backbone: resnet18",
                "    weights: random",
                $"    reflect_border: {reflectBorder}",
                "    taps:",
                imageTap ? "      - { name: image, pool: { kind: avg, kernel: 8, stride: 4, padding: 2 }, center: image_mean, feature_norm: none }" : "",
                "      - { name: layer1, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }",
                "      - layer2",
                "    student: { kind: memory_bank, bank_size: 300 }"),
            $"loss: {{ distance: l2, feature_norm: {featureNorm} }}\nanomaly_map: {{ distance: l2, feature_norm: {featureNorm}, gaussian_sigma: 4 }}");
        var graph = new DistillGraph(spec, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 5 });
        OnnxExportEqualityTests.RandomiseBatchNorms(graph, seed: 13);
        graph.eval();
        return graph;
    }

    [Theory]
    [MemberData(nameof(FeatureNorms))]
    public void The_fast_path_gives_the_plain_maps_and_scores_in_both_layouts(string featureNorm, int reflectBorder, bool imageTap)
    {
        using DistillGraph graph = Graph(featureNorm, reflectBorder, imageTap);
        using Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(8));
        FastInferenceGraphTests.AssertFastEqualsPlain(graph, rgb, $"memory bank, feature_norm {featureNorm}, reflect_border {reflectBorder}, image tap {imageTap}", 1e-4);
    }

    [Theory]
    [MemberData(nameof(FeatureNorms))]
    public void Onnx_runtime_reproduces_the_maps_and_scores(string featureNorm, int reflectBorder, bool imageTap)
    {
        using DistillGraph graph = Graph(featureNorm, reflectBorder, imageTap);
        ModelProto model = OnnxExporter.BuildModel(graph, new Dictionary<string, string>());
        Assert.Contains(model.Graph.Node, n => n.OpType == "ArgMin");
        Assert.Equal(reflectBorder > 0, model.Graph.Node.Any(n => n.OpType == "Slice" && n.Name.Contains(".crop")));
        Assert.Contains(model.Graph.Node, n => n.OpType == "AveragePool" && n.Attribute.Any(a => a.Name == "pads"));
        Assert.Equal(imageTap, model.Graph.Node.Any(n => n.OpType == "ReduceMean" && n.Name.Contains("image.center")));
        using var session = new InferenceSession(model.ToByteArray());

        RgbImage[] images = [OnnxComparison.Texture(64, 64, 1), OnnxComparison.Texture(90, 70, 2)];
        foreach (RgbImage image in images)
        {
            var onnx = OnnxComparison.Onnx(session, [image]);
            var (map, score) = OnnxComparison.AssertClose(OnnxComparison.TorchSharp(graph, image), onnx[0], $"{featureNorm}, border {reflectBorder}, image tap {imageTap}, {image.Width}×{image.Height}");
            output.WriteLine($"{featureNorm}, border {reflectBorder}, image tap {imageTap}, {image.Width}×{image.Height}: maps {map:E2}, score {score:E2} of the largest value");
        }
    }
}
