namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>A small irregular hole: a dark backing shows through, and the material just around it is darkened (frayed,
/// in shadow).</summary>
internal static class Hole
{
    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = MathF.Max(size / 256f, 0.5f);
        float cx = (float)rng.Uniform(0.15, 0.85) * size, cy = (float)rng.Uniform(0.15, 0.85) * size;
        float radius = (float)rng.Uniform(3, 6) * scale;
        float aspect = (float)rng.Uniform(0.6, 1);
        var hole = new Blob(rng, cx, cy, radius, aspect, 1.2f, 0.3f);
        var rim = new Blob(rng, cx, cy, radius + 2.5f * scale, aspect, 2f * scale, 0.3f);
        var backing = new Rgb(0.1f, 0.09f, 0.08f);
        var noise = new ValueNoise(rng.NextUInt64());

        rim.Apply(image, (pixel, rimCover, x, y) =>
        {
            Rgb shadowed = pixel * (1f - 0.3f * rimCover);
            float holeCover = hole.Coverage(x + 0.5f, y + 0.5f);
            return Rgb.Lerp(shadowed, backing * (0.7f + 0.6f * noise.Sample(x * 0.5f, y * 0.5f)), holeCover);
        });
    }
}
