namespace DistillDsl.Data.Synthetic.Defects;

/// <summary>An irregular stain: the surface darkened and tinted brown (blue absorbed most), unevenly, with a soft edge;
/// the texture still shows through.</summary>
internal static class Stain
{
    public static void Paint(FloatImage image, DeterministicRandom rng)
    {
        int size = image.Size;
        float scale = size / 256f;
        float cx = (float)rng.Uniform(0.2, 0.8) * size, cy = (float)rng.Uniform(0.2, 0.8) * size;
        float radius = (float)rng.Uniform(12, 26) * scale;
        var blob = new Blob(rng, cx, cy, radius, (float)rng.Uniform(0.55, 1), 5f * MathF.Max(scale, 0.5f), 0.35f);
        float strength = (float)rng.Uniform(0.16, 0.28);
        var noise = new ValueNoise(rng.NextUInt64());
        var absorption = new Rgb(0.75f, 0.9f, 1.1f);

        blob.Apply(image, (pixel, cover, x, y) =>
        {
            float amount = strength * cover * (0.6f + 0.4f * noise.Fractal(x * 0.08f / scale, y * 0.08f / scale, 2));
            return pixel * new Rgb(1f - amount * absorption.R, 1f - amount * absorption.G, 1f - amount * absorption.B);
        });
    }
}
