namespace DistillDsl.Data.Synthetic;

/// <summary>A linear colour with channels nominally in [0, 1].</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb Gray(float value) => new(value, value, value);

    public float Luminance => 0.299f * R + 0.587f * G + 0.114f * B;

    public static Rgb operator *(Rgb c, float k) => new(c.R * k, c.G * k, c.B * k);

    public static Rgb operator *(Rgb a, Rgb b) => new(a.R * b.R, a.G * b.G, a.B * b.B);

    public static Rgb operator +(Rgb a, Rgb b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    public static Rgb Lerp(Rgb a, Rgb b, float t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    /// <summary>The colour made brighter or darker by up to ± <paramref name="spread"/>, and its hue shifted a third as much
    /// (each channel scaled by up to ± spread / 3), so that a product keeps its colour from image to image.</summary>
    public Rgb Jitter(DeterministicRandom rng, double spread)
    {
        float brightness = (float)rng.Uniform(1 - spread, 1 + spread);
        float Hue() => (float)rng.Uniform(1 - spread / 3, 1 + spread / 3);
        return new Rgb(R * brightness * Hue(), G * brightness * Hue(), B * brightness * Hue());
    }
}
