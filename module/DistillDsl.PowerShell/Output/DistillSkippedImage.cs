namespace DistillDsl.PowerShell.Output;

/// <summary>An image a run left out under -BadImage Skip because a file of it could not be read.</summary>
/// <param name="FileAtFault">The file that failed: the image, or its mask.</param>
/// <param name="Stage">Training (training or validation images) or Evaluation (test images).</param>
public sealed record DistillSkippedImage(string Path, string FileAtFault, string Reason, string Stage);
