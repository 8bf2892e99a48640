namespace DistillDsl.Data;

/// <summary>A decoded 8-bit image, always 3 channels: pixels interleaved R, G, B, row after row.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels);
