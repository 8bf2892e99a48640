namespace DistillDsl.Inference;

/// <summary>The verdict on one new image.</summary>
/// <param name="Score">The raw image score (the config's <c>score.kind</c>; a test-set normalisation does not apply to new images).</param>
/// <param name="IsAnomalous">Score ≥ <paramref name="Threshold"/>.</param>
/// <param name="MapPath">The heat-map picture written for the image, or null when none was asked for.</param>
/// <param name="ThresholdStatement">How the threshold was chosen, e.g. "0.99 quantile of 52 normal validation scores (range 0.12 to 0.57)".</param>
public sealed record InferenceResult(string ImagePath, float Score, bool IsAnomalous, double Threshold, string? MapPath, string ThresholdStatement);
