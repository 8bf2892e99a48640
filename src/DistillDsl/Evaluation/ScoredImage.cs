namespace DistillDsl.Evaluation;

/// <summary>The score of one test image.</summary>
/// <param name="Score">The score the metrics use: the raw score, or the raw score after the test-set normalisation the config
/// asks for (<see cref="TestSetMinMax"/>).</param>
/// <param name="HeatmapPath">The heat-map picture; <see cref="GraphEvaluator"/> gives it relative to the report folder.</param>
/// <param name="RawScore">The score before any test-set normalisation, on the scale of thresholds for new images; null when it
/// is the same as <paramref name="Score"/> (evaluators that do not normalise need not state it).</param>
public sealed record ScoredImage(string ImagePath, string DefectType, bool IsAnomalous, float Score, string? HeatmapPath, float? RawScore = null);
