using DistillDsl.Metrics;

namespace DistillDsl.Training.Checkpoints;

/// <summary>The <c>manifest.json</c> section: what the checkpoint holds and how to rebuild its graph.</summary>
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
    bool Resumable);

/// <summary>One student of the checkpoint: its teacher's name and the epoch its weights are from.</summary>
internal sealed record StudentEntry(string Teacher, int Epoch);

/// <summary>An <see cref="AnomalyThreshold"/> as stored.</summary>
internal sealed record ThresholdEntry(float Value, ThresholdMethod Method, double Parameter, int NormalScoreCount, float NormalMinimum, float NormalMaximum)
{
    public static ThresholdEntry From(AnomalyThreshold t) => new(t.Value, t.Method, t.Parameter, t.NormalScoreCount, t.NormalMinimum, t.NormalMaximum);

    public AnomalyThreshold ToThreshold() => new(Value, Method, Parameter, NormalScoreCount, NormalMinimum, NormalMaximum);
}
