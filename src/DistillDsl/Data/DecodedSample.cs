namespace DistillDsl.Data;

/// <summary>A sample's files decoded to pixels (no tensors yet): the image and, when it has one, its mask of the same size.</summary>
public sealed record DecodedSample(RgbImage Image, RgbImage? Mask);
