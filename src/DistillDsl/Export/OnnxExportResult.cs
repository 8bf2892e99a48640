using DistillDsl.Metrics;

namespace DistillDsl.Export;

/// <summary>What an export wrote.</summary>
/// <param name="OnnxPath">The model file (full path).</param>
/// <param name="InputHeight">The height the model resizes every image to, and the height of its anomaly maps.</param>
/// <param name="Metadata">The model's <c>metadata_props</c> (keys in <see cref="OnnxMetadataKeys"/>).</param>
public sealed record OnnxExportResult(string OnnxPath, string ConfigName, string ConfigSha256, int InputHeight, int InputWidth, AnomalyThreshold Threshold,
                                      IReadOnlyDictionary<string, string> Metadata);
