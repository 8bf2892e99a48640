using System.Globalization;

namespace DistillDsl.Deploy;

/// <summary>What an exported model says about itself (its ONNX <c>metadata_props</c>; docs/deploy.md lists the keys).</summary>
/// <param name="InputWidth">The width every image is resized to inside the model, and the width of its maps.</param>
/// <param name="Threshold">Raw score at or above which an image is anomalous.</param>
/// <param name="ThresholdMethod">"quantile" or "maximum_plus_margin".</param>
/// <param name="ThresholdParameter">The quantile, or the margin fraction.</param>
/// <param name="ScoreKind">"sum", "max" or "top_k_mean (k = …)".</param>
/// <param name="ScoreNormalization">The config's normalisation ("none" or "test_set_minmax"); scores here are always raw.</param>
/// <param name="RandomTeacherWeights">The teachers had seeded random weights (tests, demos): the model detects nothing real.</param>
/// <param name="Metadata">Every metadata entry, including those above.</param>
public sealed record DetectorModelInfo(
    string ModelPath,
    string ConfigName,
    string ConfigSha256,
    int InputWidth,
    int InputHeight,
    float Threshold,
    string ThresholdMethod,
    double ThresholdParameter,
    string ThresholdDescription,
    string ScoreKind,
    string ScoreNormalization,
    string Normalization,
    string Resize,
    bool RandomTeacherWeights,
    string ExporterVersion,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The format this library reads (the exporter's <c>distill.format</c>).</summary>
    public const string SupportedFormat = "distill-anomaly-onnx/1";

    /// <summary>Reads and checks the entries; a missing or malformed one is a <see cref="ModelFileException"/> naming it.</summary>
    internal static DetectorModelInfo From(string path, IReadOnlyDictionary<string, string> metadata)
    {
        string Get(string key) => metadata.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value
            : throw new ModelFileException(path, $"its metadata has no '{key}' entry; it was not exported by DistillDsl's OnnxExporter (or was edited).");
        T Parse<T>(string key, Func<string, (bool Ok, T Value)> parse)
        {
            var (ok, value) = parse(Get(key));
            return ok ? value : throw new ModelFileException(path, $"its metadata entry '{key}' = '{Get(key)}' is not a valid value.");
        }

        string format = Get("distill.format");
        if (format != SupportedFormat)
        {
            throw new ModelFileException(path, $"it is in format '{format}', and this library reads '{SupportedFormat}'.");
        }
        static (bool, int) Int(string s) => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0, v);
        static (bool, float) Float(string s) => (float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v), v);
        static (bool, double) Double(string s) => (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v), v);
        static (bool, bool) Bool(string s) => (s is "true" or "false", s == "true");
        return new DetectorModelInfo(
            path,
            Get("distill.config_name"),
            Get("distill.config_sha256"),
            Parse("distill.input_width", Int),
            Parse("distill.input_height", Int),
            Parse("distill.threshold", Float),
            Get("distill.threshold_method"),
            Parse("distill.threshold_parameter", Double),
            Get("distill.threshold_description"),
            Get("distill.score_kind"),
            Get("distill.score_normalization"),
            Get("distill.normalization"),
            Get("distill.resize"),
            Parse("distill.random_teacher_weights", Bool),
            Get("distill.exporter_version"),
            metadata);
    }
}
