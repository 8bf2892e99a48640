namespace DistillDsl.Evaluation;

/// <summary>The score of one test image.</summary>
public sealed record ImageScore(string ImagePath, string DefectType, bool IsAnomalous, float Score, string? HeatmapPath);

/// <summary>Metrics of a detector on a labelled test set. Pixel AUROC is null when no test image has a mask.</summary>
public sealed record DetectionResult(double ImageAuroc, double? PixelAuroc, IReadOnlyList<ImageScore> Images);
