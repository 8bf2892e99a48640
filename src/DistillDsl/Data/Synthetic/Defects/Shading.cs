namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>Uneven shading: a large region a little lighter or darker than the rest, with a wide soft edge, as uneven
/// coating, polishing, moisture or heat leave it. There is no edge or line to see, only a low-contrast area, which
/// detectors that look at fine detail alone miss.</summary>
internal static class Shading
{
    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = size / 256f;
        float radius = (float)rng.Uniform(0.18, 0.3) * size;
        float cx = (float)rng.Uniform(0.25, 0.75) * size, cy = (float)rng.Uniform(0.25, 0.75) * size;
        // The soft edge is a quarter of the radius: wide enough that no outline shows, narrow enough that the mask (every
        // pixel changed) is mostly the region one can see.
        var blob = new Blob(rng, cx, cy, radius, (float)rng.Uniform(0.6, 1), 0.25f * radius, 0.3f);
        bool lighter = rng.NextBool();
        // Darkening scales with the surface, lightening with the headroom to white: dark surfaces need the larger factor.
        float strength = lighter ? (float)rng.Uniform(0.08, 0.14) : (float)rng.Uniform(0.15, 0.25);
        var noise = new ValueNoise(rng.NextUInt64());

        blob.Apply(image, (pixel, cover, x, y) =>
        {
            float amount = strength * cover * (0.75f + 0.25f * noise.Fractal(x * 0.02f / scale, y * 0.02f / scale, 2));
            return lighter ? Rgb.Lerp(pixel, Rgb.Gray(1f), amount) : pixel * (1f - amount);
        });
    }
}
