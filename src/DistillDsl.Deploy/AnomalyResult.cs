namespace DistillDsl.Deploy;

/// <summary>The verdict on one image.</summary>
/// <param name="Source">The image's path or name (null when scored from pixels without one).</param>
/// <param name="Score">The raw image score (the config's score kind; a test-set normalisation does not apply to new images).</param>
/// <param name="IsAnomalous">Score ≥ <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The threshold stored in the model.</param>
/// <param name="Map">The anomaly map, row-major, <paramref name="MapWidth"/> × <paramref name="MapHeight"/> (the model's input size,
/// whatever the image's size).</param>
public sealed record AnomalyResult(string? Source, float Score, bool IsAnomalous, float Threshold, int MapWidth, int MapHeight, float[] Map);
