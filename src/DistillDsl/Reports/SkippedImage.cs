namespace DistillDsl.Reports;

/// <summary>An image left out of an evaluation (or of a training run) because a file of it could not be read.</summary>
/// <param name="FileAtFault">The file that failed: the image or its mask.</param>
public sealed record SkippedImage(string ImagePath, string FileAtFault, string Reason);
