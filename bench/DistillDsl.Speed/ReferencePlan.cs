using System.Text.Json;
using System.Text.Json.Nodes;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using TorchSharp.PyBridge;

namespace DistillDsl.Speed;

/// <summary>What the Python reference needs to build the same graph with the same weights: the graph's resolved spec as
/// JSON (every default filled in, widths and strides computed, the teachers' exact normalisation), and the graph's state
/// dict as safetensors (teachers and students, keys as in TorchSharp, which the port's module names follow).</summary>
internal static class ReferencePlan
{
    /// <param name="fileName">The files' name without extension (the graph's name when null).</param>
    public static (string PlanPath, string WeightsPath) Write(DistillGraph graph, string folder, string? fileName = null)
    {
        Directory.CreateDirectory(folder);
        string name = fileName ?? graph.Spec.Name;
        string weights = Path.Combine(folder, name + ".safetensors");
        Safetensors.SaveStateDict(weights, graph.state_dict());
        string plan = Path.Combine(folder, name + ".json");
        File.WriteAllText(plan, Describe(graph).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return (plan, weights);
    }

    private static JsonObject Describe(DistillGraph graph)
    {
        DistillSpec spec = graph.Spec;
        OptimizerSpec optimizer = spec.Training.Optimizer;
        AnomalyMapSpec map = spec.AnomalyMap;
        return new JsonObject
        {
            ["name"] = spec.Name,
            ["size"] = spec.Input.Height,
            ["teachers"] = new JsonArray(graph.Branches.Select(b => Teacher(b, map)).ToArray<JsonNode?>()),
            ["loss"] = new JsonObject { ["distance"] = spec.Loss.Distance.ToString(), ["over_taps"] = spec.Loss.OverTaps.ToString() },
            ["anomaly_map"] = new JsonObject
            {
                ["distance"] = map.Distance.ToString(),
                ["tap_scale"] = map.TapScale.ToString(),
                ["upsample"] = map.Upsample.ToString(),
                ["over_taps"] = map.OverTaps.ToString(),
                ["combine"] = map.Combination.Kind.ToString(),
                ["modulated"] = map.Combination.Modulation?.Modulated,
                ["modulating"] = map.Combination.Modulation?.Modulating,
                ["normalize"] = map.Combination.Modulation?.Normalization.ToString(),
                ["gaussian_sigma"] = map.GaussianSigma,
                ["feature_norm"] = map.FeatureNorm.ToString(),
                ["map_normalize"] = new JsonObject
                {
                    ["kind"] = map.Normalization.Kind.ToString(),
                    ["level"] = map.Normalization.Level.ToString(),
                    ["q_a"] = map.Normalization.QuantileA,
                    ["q_b"] = map.Normalization.QuantileB,
                },
            },
            ["score"] = new JsonObject { ["kind"] = spec.Score.Kind.ToString(), ["k"] = spec.Score.TopK },
            ["optimizer"] = new JsonObject
            {
                ["kind"] = optimizer.Kind.ToString(),
                ["lr"] = optimizer.LearningRate,
                ["momentum"] = optimizer.Momentum,
                ["beta1"] = optimizer.Beta1,
                ["beta2"] = optimizer.Beta2,
                ["weight_decay"] = optimizer.WeightDecay,
            },
        };
    }

    /// <param name="map">The config's map, whose feature_norm a tap without its own uses.</param>
    private static JsonObject Teacher(DistillBranch branch, AnomalyMapSpec map)
    {
        TeacherSpec spec = branch.Spec;
        BackboneInfo backbone = branch.Teacher.Info;
        return new JsonObject
        {
            ["name"] = spec.Name,
            ["backbone"] = spec.Backbone,
            ["layer4_blocks"] = branch.Teacher is ResNet18 resnet ? resnet.Options.Layer4Blocks : null,
            ["alpha"] = spec.Alpha,
            ["reflect_border"] = spec.ReflectBorder,
            ["downsample"] = spec.Downsample,
            ["normalization"] = new JsonObject
            {
                ["bgr"] = branch.Normalization.Kind == InputNormalization.BgrMean,
                ["scale"] = branch.Normalization.Scale,
                ["mean"] = new JsonArray(branch.Normalization.Mean.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray<JsonNode?>()),
                ["std"] = new JsonArray(branch.Normalization.Std.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray<JsonNode?>()),
            },
            ["taps"] = new JsonArray(spec.Taps.Select(tap => (JsonNode)new JsonObject
            {
                ["name"] = tap.Name,
                ["index"] = backbone.IndexOfTap(tap.Name),
                ["stride"] = backbone.FindTap(tap.Name)!.Stride,
                ["pool"] = tap.Pool switch
                {
                    AvgPoolSpec avg => new JsonObject { ["kind"] = "avg", ["kernel"] = avg.Kernel, ["stride"] = avg.Stride, ["padding"] = avg.Padding },
                    AdaptiveAvgPoolSpec adaptive => new JsonObject { ["kind"] = "adaptive_avg", ["height"] = adaptive.Height, ["width"] = adaptive.Width },
                    _ => null,
                },
                ["channel_pool"] = tap.ChannelPool?.Channels,
                ["center"] = tap.Center.ToString(),
                ["feature_norm"] = (tap.FeatureNorm ?? map.FeatureNorm).ToString(),
                ["weight"] = tap.Weight,
            }).ToArray<JsonNode?>()),
            ["student"] = Student(spec, backbone),
        };
    }

    private static JsonObject Student(TeacherSpec teacher, BackboneInfo backbone) => teacher.Student switch
    {
        MirrorStudentSpec => new JsonObject { ["kind"] = "mirror" },
        ReducedResNetStudentSpec reduced => new JsonObject
        {
            ["kind"] = "reduced_resnet",
            ["block"] = reduced.Block.ToString(),
            ["stem_channels"] = backbone.FindTap("stem")!.Channels,
            ["stem_tap"] = reduced.StemTap,
            ["stages"] = new JsonArray(reduced.Stages.Select(stage => (JsonNode)new JsonObject
            {
                ["name"] = stage.Name,
                ["blocks"] = stage.Blocks,
                ["width"] = ShapeInference.ScaledChannels(backbone.FindTap(stage.Name)!.Channels, stage.WidthRatio),
                ["stride"] = stage.Stride,
            }).ToArray<JsonNode?>()),
        },
        LightStudentSpec light => new JsonObject
        {
            ["kind"] = "light",
            ["kernel"] = light.Kernel,
            ["stages"] = new JsonArray(Enumerable.Range(0, teacher.Taps.Max(t => backbone.IndexOfTap(t.Name)) + 1).Select(i => (JsonNode)new JsonObject
            {
                ["name"] = backbone.Taps[i].Name,
                ["width"] = ShapeInference.ScaledChannels(backbone.Taps[i].Channels, light.WidthRatio),
                ["stride"] = ShapeInference.StrideStep(backbone, i),
            }).ToArray<JsonNode?>()),
        },
        MemoryBankStudentSpec bank => new JsonObject
        {
            ["kind"] = "memory_bank",
            ["bank_size"] = bank.BankSize,
            ["coreset"] = bank.Coreset.ToString(),
        },
        _ => throw new NotSupportedException($"No Python port of the student {teacher.Student.GetType().Name}."),
    };
}
