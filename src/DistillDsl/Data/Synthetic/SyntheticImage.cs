namespace DistillDsl.Data.Synthetic;

/// <summary>One rendered synthetic image.</summary>
/// <param name="Pixels">8-bit RGB, interleaved, row after row (Size × Size × 3).</param>
/// <param name="Mask">For a defective image, 255 exactly where <paramref name="Pixels"/> differs from
/// <paramref name="DefectFreePixels"/> and 0 elsewhere (Size × Size); null for a defect-free image.</param>
/// <param name="DefectFreePixels">The same image without the defect (equal to <paramref name="Pixels"/> when there is none).</param>
public sealed record SyntheticImage(int Size, byte[] Pixels, byte[]? Mask, byte[] DefectFreePixels);
