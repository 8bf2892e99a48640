using DistillDsl.Metrics;
using DistillDsl.Scoring;
using DistillDsl.Spec.Model;

namespace DistillDsl.Checkpoints;

/// <summary>The <c>manifest.json</c> section: what the checkpoint holds and how to rebuild its graph.</summary>
/// <remarks><see cref="MapNormalization"/> was added later, optional and last: files without it read as null (their configs
/// cannot ask for it, since a config that does is refused by the builds that wrote them, DD0002).</remarks>
internal sealed record CheckpointManifest(
    string ConfigName,
    string ConfigSha256,
    string ConfigFile,
    int Epoch,
    double ValidationLoss,
    int Seed,
    int ImageSize,
    int GraphSeed,
    bool RandomTeacherWeights,
    string? WeightsBaseDirectory,
    IReadOnlyList<StudentEntry> Students,
    ThresholdEntry? Threshold,
    bool Resumable,
    MapNormalizationEntry? MapNormalization = null);

/// <summary>One student of the checkpoint: its teacher's name and the epoch its weights are from.</summary>
internal sealed record StudentEntry(string Teacher, int Epoch);

/// <summary>An <see cref="AnomalyThreshold"/> as stored.</summary>
internal sealed record ThresholdEntry(float Value, ThresholdMethod Method, double Parameter, int NormalScoreCount, float NormalMinimum, float NormalMaximum)
{
    public static ThresholdEntry From(AnomalyThreshold t) => new(t.Value, t.Method, t.Parameter, t.NormalScoreCount, t.NormalMinimum, t.NormalMaximum);

    public AnomalyThreshold ToThreshold() => new(Value, Method, Parameter, NormalScoreCount, NormalMinimum, NormalMaximum);
}

/// <summary>A <see cref="Scoring.MapNormalization"/> as stored (best.ckpt of a config with <c>anomaly_map.normalize</c>).</summary>
internal sealed record MapNormalizationEntry(MapNormalizationLevel Level, double QuantileA, double QuantileB, IReadOnlyList<MapQuantilesEntry> Maps)
{
    public static MapNormalizationEntry From(MapNormalization n) =>
        new(n.Level, n.QuantileA, n.QuantileB, n.Maps.Select(m => new MapQuantilesEntry(m.Teacher, m.Tap, m.A, m.B)).ToList());

    public MapNormalization ToNormalization() =>
        new(Level, QuantileA, QuantileB, (Maps ?? []).Select(m => new MapQuantiles(m.Teacher, m.Tap, m.A, m.B)).ToList());
}

/// <summary>One map's quantiles: <c>tap</c> null at the teacher level.</summary>
internal sealed record MapQuantilesEntry(string Teacher, string? Tap, double A, double B);
