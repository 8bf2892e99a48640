namespace DistillDsl.Data;

/// <summary>One image of a dataset.</summary>
/// <param name="ImagePath">Full path of the image file.</param>
/// <param name="MaskPath">Full path of its ground-truth mask (non-zero = defect), or null when there is none: always null
/// for training images, and for test images of normal classes unless the dataset ships (empty) masks for them.</param>
/// <param name="IsAnomalous">True for defective images.</param>
/// <param name="DefectType">The folder name the image was found in, as the dataset spells it: "good" (MVTec AD), "ok"
/// or "ko" (BTAD), the normal or abnormal folder's name (plain folders), or a defect name such as "scratch".</param>
public sealed record DatasetSample(string ImagePath, string? MaskPath, bool IsAnomalous, string DefectType);
