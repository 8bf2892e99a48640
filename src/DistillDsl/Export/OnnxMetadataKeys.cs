namespace DistillDsl.Export;

/// <summary>The keys of the <c>metadata_props</c> an exported model carries (docs/deploy.md lists them with examples).
/// DistillDsl.Deploy reads them by the same names; it cannot reference this assembly, so a test checks both agree.</summary>
public static class OnnxMetadataKeys
{
    /// <summary>"distill-anomaly-onnx/1": what the model's inputs, outputs and metadata mean. Readers refuse other formats.</summary>
    public const string Format = "distill.format";

    public const string ExporterVersion = "distill.exporter_version";
    public const string ConfigName = "distill.config_name";
    public const string ConfigSha256 = "distill.config_sha256";

    /// <summary>The config's YAML text, as trained.</summary>
    public const string ConfigYaml = "distill.config_yaml";

    /// <summary>The side lengths the model resizes every image to, and the size of its anomaly maps.</summary>
    public const string InputHeight = "distill.input_height";
    public const string InputWidth = "distill.input_width";

    /// <summary>How the model resizes its input (for people; the resize itself is in the graph).</summary>
    public const string Resize = "distill.resize";

    /// <summary>Per teacher, how RGB in [0, 1] becomes its input (for people; the normalisation itself is in the graph).</summary>
    public const string Normalization = "distill.normalization";

    /// <summary>Raw score at or above which an image is anomalous (invariant culture, round-trip format).</summary>
    public const string Threshold = "distill.threshold";

    /// <summary>"quantile" or "maximum_plus_margin".</summary>
    public const string ThresholdMethod = "distill.threshold_method";

    /// <summary>The quantile, or the margin fraction.</summary>
    public const string ThresholdParameter = "distill.threshold_parameter";
    public const string ThresholdDescription = "distill.threshold_description";

    /// <summary>"sum", "max" or "top_k_mean": what the <c>score</c> output is.</summary>
    public const string ScoreKind = "distill.score_kind";

    /// <summary>The config's score normalisation ("none" or "test_set_minmax"); the <c>score</c> output is always raw.</summary>
    public const string ScoreNormalization = "distill.score_normalization";

    /// <summary>"true" when the teachers had seeded random weights (tests and demos): such a model detects nothing real.</summary>
    /// <summary>"none", or with <c>anomaly_map.normalize</c> the measured quantiles built into the model, e.g.
    /// "per tap, q_a 0.9, q_b 0.995: resnet/layer1 a=0.12 b=0.34; ...". Informational: the graph applies them.</summary>
    public const string MapNormalization = "distill.map_normalization";

    public const string RandomTeacherWeights = "distill.random_teacher_weights";

    /// <summary>The checkpoint epoch the students are from (absent for a graph exported from memory).</summary>
    public const string CheckpointEpoch = "distill.checkpoint_epoch";

    /// <summary>The value of <see cref="Format"/> this exporter writes.</summary>
    public const string FormatValue = "distill-anomaly-onnx/1";

    /// <summary>Input and output names.</summary>
    public const string ImageInput = "image";
    public const string MapOutput = "anomaly_map";
    public const string ScoreOutput = "score";
}
