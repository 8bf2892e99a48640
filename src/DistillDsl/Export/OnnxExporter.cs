using System.Globalization;
using System.Reflection;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Metrics;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using Google.Protobuf;
using Onnx;

namespace DistillDsl.Export;

/// <summary>Exports a trained graph to one ONNX model (opset <see cref="OnnxGraphWriter.Opset"/>) that does everything the graph
/// does at inference, preprocessing included: input <c>image</c> uint8 RGB [N, H, W, 3] at any size; outputs <c>anomaly_map</c>
/// [N, 1, S, S] and the raw <c>score</c> [N]. Batch norms are folded into the convolutions before them. The threshold, the
/// config and how images are prepared travel in the model's metadata (<see cref="OnnxMetadataKeys"/>). See docs/deploy.md.</summary>
public static class OnnxExporter
{
    /// <summary>Bumped whenever the written graph or metadata changes meaning.</summary>
    public const string Version = "1";

    /// <summary>Exports a training run's checkpoint (normally <c>best.ckpt</c>, which holds the threshold) to <paramref name="onnxPath"/>,
    /// written atomically.</summary>
    /// <exception cref="CheckpointException">The file is not a usable checkpoint, or holds no threshold; the message names it.</exception>
    /// <exception cref="NotSupportedException">The graph contains a module or option the exporter cannot write; the message names it.</exception>
    public static OnnxExportResult Export(string checkpointPath, string onnxPath, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentNullException.ThrowIfNull(onnxPath);
        DistillCheckpoint checkpoint = DistillCheckpoint.Read(checkpointPath);
        AnomalyThreshold threshold = checkpoint.Threshold ?? throw new CheckpointException(checkpointPath,
            "it holds no anomaly threshold, which an exported model needs: only a finished run's best checkpoint has one");
        GraphBuildOptions build = (options?.Graph ?? new GraphBuildOptions()) with { Device = "cpu" };
        using DistillGraph graph = checkpoint.BuildGraph(build);
        var metadata = Metadata(graph, threshold, checkpoint.ConfigYaml, checkpoint.ConfigSha256);
        metadata[OnnxMetadataKeys.CheckpointEpoch] = checkpoint.Epoch.ToString(CultureInfo.InvariantCulture);
        return Write(graph, threshold, metadata, onnxPath);
    }

    /// <summary>Exports a graph in memory (built from a compiled config or a YAML file) with the threshold to store.</summary>
    /// <exception cref="InvalidOperationException">The graph was built from a spec in code, so its YAML text is unknown.</exception>
    public static OnnxExportResult Export(DistillGraph graph, AnomalyThreshold threshold, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(onnxPath);
        ConfigSource config = graph.SourceFor("an exported model");
        return Write(graph, threshold, Metadata(graph, threshold, config.Text, config.Sha256), onnxPath);
    }

    /// <summary>The ONNX model of a graph, in memory.</summary>
    internal static ModelProto BuildModel(DistillGraph graph, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "DistillDsl",
            ProducerVersion = ProducerVersion,
            DocString = $"Anomaly detector '{graph.Spec.Name}' exported by DistillDsl: see docs/deploy.md.",
            Graph = OnnxGraphBuilder.Build(graph),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphWriter.Opset });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static OnnxExportResult Write(DistillGraph graph, AnomalyThreshold threshold, Dictionary<string, string> metadata, string onnxPath)
    {
        ModelProto model = BuildModel(graph, metadata);
        string fullPath = Path.GetFullPath(onnxPath);
        AtomicFile.Write(fullPath, stream => model.WriteTo(stream));
        return new OnnxExportResult(fullPath, graph.Spec.Name, metadata[OnnxMetadataKeys.ConfigSha256], graph.Spec.Input.Height, graph.Spec.Input.Width,
                                    threshold, metadata);
    }

    private static Dictionary<string, string> Metadata(DistillGraph graph, AnomalyThreshold threshold, string configYaml, string configSha256)
    {
        DistillSpec spec = graph.Spec;
        var metadata = new Dictionary<string, string>
        {
            [OnnxMetadataKeys.Format] = OnnxMetadataKeys.FormatValue,
            [OnnxMetadataKeys.ExporterVersion] = $"{Version} (DistillDsl {ProducerVersion})",
            [OnnxMetadataKeys.ConfigName] = spec.Name,
            [OnnxMetadataKeys.ConfigSha256] = configSha256,
            [OnnxMetadataKeys.ConfigYaml] = configYaml,
            [OnnxMetadataKeys.InputHeight] = Invariant(spec.Input.Height),
            [OnnxMetadataKeys.InputWidth] = Invariant(spec.Input.Width),
            [OnnxMetadataKeys.Resize] = $"uint8 RGB / 255, resized to {spec.Input.Width}×{spec.Input.Height} bilinear (half-pixel centres, antialias), clamped to [0, 1]",
            [OnnxMetadataKeys.Normalization] = string.Join("; ", graph.Branches.Select(b => $"{b.Name}: {Describe(b.Normalization)}")),
            [OnnxMetadataKeys.Threshold] = threshold.Value.ToString("R", CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.ThresholdMethod] = threshold.Method == ThresholdMethod.Quantile ? "quantile" : "maximum_plus_margin",
            [OnnxMetadataKeys.ThresholdParameter] = threshold.Parameter.ToString("R", CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.ThresholdDescription] = threshold.Description,
            [OnnxMetadataKeys.ScoreKind] = spec.Score.Kind switch
            {
                ScoreKind.Sum => "sum",
                ScoreKind.Max => "max",
                _ => $"top_k_mean (k = {spec.Score.TopK})",
            },
            [OnnxMetadataKeys.ScoreNormalization] = spec.Score.Normalization == ScoreNormalization.TestSetMinMax ? "test_set_minmax" : "none",
            [OnnxMetadataKeys.RandomTeacherWeights] = graph.Options.RandomTeacherWeights ? "true" : "false",
        };
        metadata[OnnxMetadataKeys.MapNormalization] = graph.MapNormalization is { } n
            ? $"per {n.Level.ToString().ToLowerInvariant()}, q_a {n.QuantileA.ToString("R", CultureInfo.InvariantCulture)}, " +
              $"q_b {n.QuantileB.ToString("R", CultureInfo.InvariantCulture)}: " +
              string.Join("; ", n.Maps.Select(m => $"{m.Key} a={m.A.ToString("R", CultureInfo.InvariantCulture)} b={m.B.ToString("R", CultureInfo.InvariantCulture)}"))
            : "none";
        return metadata;
    }

    private static string Describe(Data.NormalizationParameters n)
    {
        string Values(Data.ChannelValues v) => string.Join(", ", v.ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        return n.Kind == InputNormalization.BgrMean
            ? $"bgr_mean: channels B, G, R; (x × {Invariant(n.Scale)} − [{Values(n.Mean)}]) / [{Values(n.Std)}]"
            : $"imagenet: channels R, G, B; (x − [{Values(n.Mean)}]) / [{Values(n.Std)}]";
    }

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ProducerVersion =>
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
