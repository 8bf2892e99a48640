namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>A small spot of foreign colour (dye, paint, corrosion) at about the surface's brightness: the hue changes,
/// the luminance hardly does.</summary>
internal static class ColorSpot
{
    private static readonly Rgb[] Tints = [new(1f, 0.35f, 0.3f), new(0.3f, 0.45f, 1f), new(0.35f, 0.9f, 0.35f), new(0.95f, 0.8f, 0.2f)];

    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = MathF.Max(size / 256f, 0.5f);
        float cx = (float)rng.Uniform(0.15, 0.85) * size, cy = (float)rng.Uniform(0.15, 0.85) * size;
        var blob = new Blob(rng, cx, cy, (float)rng.Uniform(6, 12) * scale, (float)rng.Uniform(0.6, 1), 3f * scale, 0.3f);
        Rgb tint = Tints[rng.NextInt(Tints.Length)];
        Rgb unitTint = tint * (1f / tint.Luminance);
        float strength = (float)rng.Uniform(0.35, 0.55);

        blob.Apply(image, (pixel, cover, _, _) => Rgb.Lerp(pixel, unitTint * pixel.Luminance, strength * cover));
    }
}
