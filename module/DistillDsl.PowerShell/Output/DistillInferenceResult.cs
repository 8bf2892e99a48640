namespace DistillDsl.PowerShell.Output;

/// <summary>The verdict on one image: its raw score, and whether it is at or above the threshold, with where that
/// threshold came from.</summary>
/// <param name="Score">The raw image score (a test-set normalisation does not apply to new images).</param>
/// <param name="ThresholdSource">'checkpoint: &lt;how it was chosen&gt;' or '-Threshold'.</param>
/// <param name="MapPath">The anomaly-map picture written for the image; null without -MapPath.</param>
public sealed record DistillInferenceResult(string Path, double Score, bool IsAnomalous, double Threshold, string ThresholdSource,
    string? MapPath, string Checkpoint);
