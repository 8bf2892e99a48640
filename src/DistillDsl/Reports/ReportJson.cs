using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DistillDsl.IO;
using DistillDsl.Metrics;

namespace DistillDsl.Reports;

/// <summary>The metrics of a report, as report.json holds them.</summary>
/// <param name="PixelSkipped">Why <paramref name="Pixel"/> is null (see <see cref="EvaluationReport.PixelMetricsSkipped"/>); null when it is not.</param>
public sealed record ReportMetrics(ImageMetrics Image, PixelMetrics? Pixel, IReadOnlyList<DefectTypeAuroc> PerDefectType, string? PixelSkipped = null);

/// <summary>The content of report.json. Properties appear in declaration order (stable across runs), camelCase; undefined
/// values are written as null, never left out; numbers are invariant (System.Text.Json's shortest round-trip form); enums
/// are camelCase strings. ROC curves are left out (the pictures show them).</summary>
/// <param name="Scoring">How the scores were made from the maps (kind, test-set normalisation and its pixel range); null when not stated.</param>
/// <param name="Threshold">On raw scores, as chosen on validation data (see <see cref="EvaluationReport.ThresholdOnReportedScale"/>).</param>
/// <param name="SkippedImages">Test images left out of the metrics because a file could not be read; empty when none.</param>
/// <param name="Files">The report's other files, relative to the folder of report.json.</param>
public sealed record ReportDocument(
    int SchemaVersion,
    string ConfigName,
    string ConfigHash,
    string WeightsSource,
    int Seed,
    ReportMetrics Metrics,
    ScoringInfo? Scoring,
    AnomalyThreshold? Threshold,
    IReadOnlyList<SkippedImage> SkippedImages,
    RunTimings Timings,
    MachineInfo Machine,
    ReportLayout Files)
{
    /// <summary>Raised when a property is added, renamed or changes meaning. 2: scoring and skippedImages added. 3:
    /// metrics.pixelSkipped added. 4: timings.unfusedReason added. 5:
    /// scoring.mapNormalization added. 6: timings.channelsLastRefused added.</summary>
    public const int CurrentSchemaVersion = 6;

    public static ReportDocument From(EvaluationReport report) => new(
        CurrentSchemaVersion, report.ConfigName, report.ConfigHash, report.WeightsSource, report.Seed,
        new ReportMetrics(report.ImageMetrics, report.PixelMetrics, report.PerDefectType, report.PixelMetricsSkipped),
        report.Scoring, report.Threshold, report.Skipped ?? [], report.Timings, report.Machine, ReportLayout.Standard);
}

/// <summary>Writes and reads report.json.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutCurves } },
    };

    public static void Write(string path, ReportDocument document) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, Options) + "\n");

    public static ReportDocument Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportDocument>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"Report '{path}' is empty (JSON null).");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Report '{path}' is not a valid report.json: {error.Message}", error);
        }
    }

    // Not written, still bound to its constructor parameter on reading (as null), which removing the property would break.
    private static void LeaveOutCurves(JsonTypeInfo type)
    {
        foreach (JsonPropertyInfo property in type.Properties)
        {
            if (property.PropertyType == typeof(RocCurve)) property.ShouldSerialize = (_, _) => false;
        }
    }
}
