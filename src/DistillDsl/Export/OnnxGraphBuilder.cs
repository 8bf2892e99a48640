using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using Onnx;

namespace DistillDsl.Export;

/// <summary>The whole inference path of a <see cref="DistillGraph"/> as one ONNX graph:
/// <list type="number">
/// <item>input <c>image</c>: uint8 RGB, [N, H, W, 3], any H × W (one size per call);</item>
/// <item>ImagePreprocessing's resize: to float in [0, 1] (÷ 255), bilinear with half-pixel centres and antialiasing to the
/// graph's input size, clamped to [0, 1];</item>
/// <item>per teacher: its normalisation, the teacher and the student up to their deepest taps, the tap pooling, and each
/// tap's map, combined over the taps (with <c>anomaly_map.normalize</c>, each tap's or teacher's map normalised by the
/// measured quantiles, stored as constants);</item>
/// <item>the teachers' maps combined, smoothed when the config says so → output <c>anomaly_map</c> [N, 1, S, S];</item>
/// <item>the raw image score → output <c>score</c> [N].</item>
/// </list></summary>
internal static class OnnxGraphBuilder
{
    public static GraphProto Build(DistillGraph graph)
    {
        var onnx = new OnnxGraphWriter();
        var networks = new NetworkExporter(onnx);
        var scoring = new ScoringExporter(onnx);
        InputSpec input = graph.Spec.Input;
        AnomalyMapSpec mapSpec = graph.Spec.AnomalyMap;

        onnx.AddInput(OnnxMetadataKeys.ImageInput, TensorProto.Types.DataType.Uint8, "N", "H", "W", 3);
        OnnxValue rgb = Preprocess(onnx, input.Height, input.Width);

        // The measured quantiles are constants of the model, so an exported model scores exactly as the graph does.
        Scoring.MapNormalization? normalization = mapSpec.Normalization.IsEnabled
            ? graph.MapNormalization ?? throw new NotSupportedException(
                $"ONNX export: config '{graph.Spec.Name}' normalises its maps with quantiles of normal validation maps (anomaly_map.normalize), " +
                "and the graph has none: export the best.ckpt of a finished training run, which holds them.")
            : null;
        var teacherMaps = new List<(string Teacher, OnnxValue Map)>();
        foreach (DistillBranch branch in graph.Branches)
        {
            string path = branch.Name;
            OnnxValue normalized = Normalize(onnx, rgb, branch.Normalization, path + ".normalize");
            int factor = branch.Spec.Downsample;
            if (factor > 1) normalized = onnx.AveragePool(normalized, [factor, factor], [factor, factor], path + ".downsample");
            var tapNames = branch.Spec.Taps.Select(t => t.Name).ToList();
            int border = branch.Spec.ReflectBorder;
            OnnxValue teacherInput = border == 0 ? normalized : onnx.PadSpatial(normalized, border, "reflect", path + ".reflect_border");
            var teacher = networks.Teacher(branch.Teacher, tapNames, teacherInput, path + ".teacher");
            int[] cuts = ReflectBorder.Cuts(branch.Spec, branch.Teacher.Info);
            var pooledTaps = branch.Spec.Taps.Select((tap, i) =>
            {
                OnnxValue features = cuts[i] == 0 ? teacher[tap.Name] : onnx.CropSpatial(teacher[tap.Name], cuts[i], $"{path}.{tap.Name}.crop");
                return scoring.TapPool(features, tap, $"{path}.{tap.Name}");
            }).ToList();
            var student = networks.Student(branch.StudentNetwork, normalized, pooledTaps, path + ".student");
            var tapMaps = new List<OnnxValue>();
            for (int t = 0; t < branch.Spec.Taps.Count; t++)
            {
                TapSpec tap = branch.Spec.Taps[t];
                string tapPath = $"{path}.{tap.Name}";
                OnnxValue pooled = pooledTaps[t];
                OnnxValue studentTap = student.TryGetValue(tap.Name, out OnnxValue? s) ? s
                    : throw new InvalidOperationException($"ONNX export: the student of teacher '{branch.Name}' produces no tap '{tap.Name}'.");
                OnnxValue tapMap = scoring.TapMap(pooled, studentTap, mapSpec, tap.FeatureNorm ?? mapSpec.FeatureNorm, input.Height, input.Width, tapPath + ".map");
                if (normalization is { Level: MapNormalizationLevel.Tap })
                {
                    tapMap = scoring.MapNormalize(tapMap, normalization.For(branch.Name, tap.Name), tapPath + ".map.normalize");
                }
                tapMaps.Add(tapMap);
            }
            OnnxValue teacherMap = scoring.CombineTaps(tapMaps, mapSpec.OverTaps, path + ".map");
            if (normalization is { Level: MapNormalizationLevel.Teacher })
            {
                teacherMap = scoring.MapNormalize(teacherMap, normalization.For(branch.Name, null), path + ".map.normalize");
            }
            teacherMaps.Add((branch.Name, teacherMap));
        }

        OnnxValue map = scoring.CombineTeachers(teacherMaps, mapSpec.Combination, "map.combine");
        if (mapSpec.GaussianSigma is double sigma) map = scoring.Gaussian(map, sigma, "map.gaussian");
        OnnxValue score = scoring.Score(map, graph.Spec.Score, "score");

        onnx.Rename(map, OnnxMetadataKeys.MapOutput);
        onnx.Rename(score, OnnxMetadataKeys.ScoreOutput);
        onnx.AddOutput(OnnxMetadataKeys.MapOutput, TensorProto.Types.DataType.Float, "N", 1, input.Height, input.Width);
        onnx.AddOutput(OnnxMetadataKeys.ScoreOutput, TensorProto.Types.DataType.Float, "N");
        return onnx.Graph;
    }

    /// <summary>ImagePreprocessing's ToUnitFloat and ResizeImage for a batch: [N, H, W, 3] bytes → [N, 3, height, width] in [0, 1].</summary>
    private static OnnxValue Preprocess(OnnxGraphWriter onnx, long height, long width)
    {
        const long Unknown = OnnxGraphWriter.Batch;
        string floats = onnx.Node("Cast", [OnnxMetadataKeys.ImageInput], "input.cast", new AttributeProto
        {
            Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float,
        });
        var channelsFirst = new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints };
        channelsFirst.Ints.AddRange([0, 3, 1, 2]);
        OnnxValue rgb = new(onnx.Node("Transpose", [floats], "input.channels_first", channelsFirst), [Unknown, 3, Unknown, Unknown]);
        rgb = onnx.Div(rgb, 255f, "input.unit");
        OnnxValue resized = onnx.Resize(rgb, height, width, linear: true, antialias: true, "input.resize");
        return onnx.Clip(resized, 0f, 1f, "input.clamp");
    }

    /// <summary>NormalizationParameters.Apply: channels to BGR for bgr_mean, then (x · scale − mean) / std per channel.</summary>
    private static OnnxValue Normalize(OnnxGraphWriter onnx, OnnxValue rgb, NormalizationParameters normalization, string path)
    {
        OnnxValue x = normalization.Kind == InputNormalization.BgrMean ? onnx.GatherChannels(rgb, [2, 1, 0], path + ".bgr") : rgb;
        if (normalization.Scale != 1f) x = onnx.Mul(x, normalization.Scale, path + ".scale");
        x = onnx.Sub(x, onnx.Constant(path + ".mean", normalization.Mean.ToArray(), [3, 1, 1]), path + ".mean");
        float[] std = normalization.Std.ToArray();
        return std.All(s => s == 1f) ? x : onnx.Div(x, onnx.Constant(path + ".std", std, [3, 1, 1]), path + ".std");
    }
}
