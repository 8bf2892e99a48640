namespace DistillDsl.Data.Synthetic;

/// <summary>What the camera adds to a rendered surface: a gentle illumination gradient and per-pixel sensor noise. It is
/// a pure function of the pixel position and its own seed, so the defect-free and the defective version of an image
/// get exactly the same finish and differ only where the defect changed the surface.</summary>
internal sealed class CameraFinish
{
    private const float NoiseAmplitude = 0.03f; // a triangular distribution of this half-width: standard deviation ≈ 0.012
    private readonly ValueNoise _noise;
    private readonly float _gradientX, _gradientY, _exposure;

    public CameraFinish(DeterministicRandom rng)
    {
        _noise = new ValueNoise(rng.NextUInt64());
        _gradientX = (float)rng.Uniform(-0.08, 0.08);
        _gradientY = (float)rng.Uniform(-0.08, 0.08);
        _exposure = (float)rng.Uniform(0.96, 1.04);
    }

    public void Apply(FloatImage image)
    {
        int size = image.Size;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float light = _exposure * (1f + _gradientX * (x / (float)size - 0.5f) + _gradientY * (y / (float)size - 0.5f));
                Rgb pixel = image[x, y] * light;
                image[x, y] = new Rgb(pixel.R + Grain(x, y, 0), pixel.G + Grain(x, y, 1), pixel.B + Grain(x, y, 2));
            }
        }
    }

    // The sum of two uniform values: a triangular distribution around 0.
    private float Grain(int x, int y, int channel)
    {
        ulong bits = _noise.Bits(3 * x + channel, y);
        return NoiseAmplitude * (((bits >> 40) + ((bits >> 16) & 0xFFFFFF)) * (1f / (1 << 24)) - 1f);
    }
}
