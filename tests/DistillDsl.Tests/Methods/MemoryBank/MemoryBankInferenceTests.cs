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
/// teacher's reflect border, with an image tap (centred, unnormalised) beside channel-normalised layers, and with the
/// teacher reading the image at half its resolution (downsample 2).</summary>
public class MemoryBankInferenceTests(ITestOutputHelper output)
{
    private const string ImageTap = "      - { name: image, pool: { kind: avg, kernel: 8, stride: 4, padding: 2 }, center: image_mean, feature_norm: none }";
    private const string LayerTaps = "      - { name: layer1, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }\n      - layer2";

    /// <summary>Feature norm, reflect border, taps (an image tap beside the layers, or alone: the backbone then never runs),
    /// downsample.</summary>
    public static TheoryData<string, int, string, int> Cases() => new()
    {
        { "none", 0, LayerTaps, 1 }, { "channel_l2", 0, LayerTaps, 1 }, { "channel_l2", 16, LayerTaps, 1 },
        { "channel_l2", 0, ImageTap + "\n" + LayerTaps, 1 }, { "channel_l2", 16, ImageTap + "\n" + LayerTaps, 1 }, { "channel_l2", 8, ImageTap, 1 },
        { "channel_l2", 0, LayerTaps, 2 }, { "channel_l2", 8, ImageTap + "\n" + LayerTaps, 2 },
    };

    private static DistillGraph Graph(string featureNorm, int reflectBorder, string taps, int downsample)
    {
        DistillSpec spec = TestSpecs.WithTeachers(string.Join("\n",
                "  - name: resnet",
                "    backbone: resnet18",
                "    weights: random",
                $"    reflect_border: {reflectBorder}",
                $"    downsample: {downsample}",
                "    taps:",
                taps,
                "    student: { kind: memory_bank, bank_size: 300 }"),
            $"loss: {{ distance: l2, feature_norm: {featureNorm} }}\nanomaly_map: {{ distance: l2, feature_norm: {featureNorm}, gaussian_sigma: 4 }}");
        var graph = new DistillGraph(spec, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 5 });
        OnnxExportEqualityTests.RandomiseBatchNorms(graph, seed: 13);
        graph.eval();
        return graph;
    }

    private static string Describe(string featureNorm, int reflectBorder, string taps, int downsample) =>
        $"feature_norm {featureNorm}, reflect_border {reflectBorder}, taps {(taps == ImageTap ? "image" : taps.Contains("image") ? "image, layer1, layer2" : "layer1, layer2")}, downsample {downsample}";

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fast_path_gives_the_plain_maps_and_scores_in_both_layouts(string featureNorm, int reflectBorder, string taps, int downsample)
    {
        using DistillGraph graph = Graph(featureNorm, reflectBorder, taps, downsample);
        using Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(8));
        FastInferenceGraphTests.AssertFastEqualsPlain(graph, rgb, "memory bank, " + Describe(featureNorm, reflectBorder, taps, downsample), 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_reproduces_the_maps_and_scores(string featureNorm, int reflectBorder, string taps, int downsample)
    {
        using DistillGraph graph = Graph(featureNorm, reflectBorder, taps, downsample);
        bool imageTap = taps.Contains("image");
        ModelProto model = OnnxExporter.BuildModel(graph, new Dictionary<string, string>());
        Assert.Contains(model.Graph.Node, n => n.OpType == "ArgMin");
        Assert.Equal(reflectBorder > 0, model.Graph.Node.Any(n => n.OpType == "Slice" && n.Name.Contains(".crop")));
        Assert.Contains(model.Graph.Node, n => n.OpType == "AveragePool" && n.Attribute.Any(a => a.Name == "pads"));
        Assert.Equal(taps.Contains("layer1"), model.Graph.Node.Any(n => n.OpType == "Conv" && n.Name.Contains(".teacher.")));
        Assert.Equal(imageTap, model.Graph.Node.Any(n => n.OpType == "ReduceMean" && n.Name.Contains("image.center")));
        Assert.Equal(downsample > 1, model.Graph.Node.Any(n => n.OpType == "AveragePool" && n.Name.Contains(".downsample")));
        using var session = new InferenceSession(model.ToByteArray());

        RgbImage[] images = [OnnxComparison.Texture(64, 64, 1), OnnxComparison.Texture(90, 70, 2)];
        foreach (RgbImage image in images)
        {
            var onnx = OnnxComparison.Onnx(session, [image]);
            var (map, score) = OnnxComparison.AssertClose(OnnxComparison.TorchSharp(graph, image), onnx[0], $"{Describe(featureNorm, reflectBorder, taps, downsample)}, {image.Width}×{image.Height}");
            output.WriteLine($"{Describe(featureNorm, reflectBorder, taps, downsample)}, {image.Width}×{image.Height}: maps {map:E2}, score {score:E2} of the largest value");
        }
    }
}
