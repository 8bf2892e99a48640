using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Export;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;
using DistillDsl.Training;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Export;

/// <summary>Every shipped config, exported from memory with every batch norm (teachers' and students') given random
/// statistics, so that folding is tested on non-trivial values: ONNX Runtime reproduces the TorchSharp maps and scores.</summary>
public class OnnxExportEqualityTests
{
    [Theory]
    [MemberData(nameof(TestSpecs.ShippedConfigNames), MemberType = typeof(TestSpecs))]
    public void Onnx_runtime_reproduces_the_maps_and_scores_with_random_batch_norm_statistics(string config)
    {
        using DistillGraph graph = TestSpecs.WithTestQuantiles(ConfigSource.Resolve(config).BuildGraph(TestSpecs.SmallSide, new GraphBuildOptions { RandomTeacherWeights = true, Seed = 3 }));
        RandomiseBatchNorms(graph, seed: 11);
        using var session = new InferenceSession(OnnxExporter.BuildModel(graph, new Dictionary<string, string>()).ToByteArray());

        // Same size as the input (no resize), smaller (upsampled) and larger (antialiased downsampling), one batch each.
        RgbImage[][] batches =
        [
            [OnnxComparison.Texture(64, 64, 1), OnnxComparison.Texture(64, 64, 2)],
            [OnnxComparison.Texture(40, 48, 3)],
            [OnnxComparison.Texture(150, 97, 4), OnnxComparison.Texture(150, 97, 5)],
        ];
        foreach (RgbImage[] batch in batches)
        {
            var onnx = OnnxComparison.Onnx(session, batch);
            for (int i = 0; i < batch.Length; i++)
            {
                OnnxComparison.AssertClose(OnnxComparison.TorchSharp(graph, batch[i]), onnx[i], $"{config}, {batch[i].Width}×{batch[i].Height} image {i}");
            }
        }
    }

    /// <summary>γ in [0.5, 1.5], β and the running mean ~ N(0, 0.2), the running variance in [0.3, 2].</summary>
    internal static void RandomiseBatchNorms(DistillGraph graph, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var norm in graph.modules().OfType<BatchNorm2d>())
        {
            norm.weight.uniform_(0.5, 1.5, generator);
            norm.bias!.normal_(0, 0.2, generator);
            norm.running_mean!.normal_(0, 0.2, generator);
            norm.running_var!.uniform_(0.3, 2.0, generator);
        }
    }
}
