namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>Flat-sawn wood: growth rings (light early wood shading into a dark late-wood edge) distorted by low
/// frequency noise, fine fibres and dark pores stretched along the grain. The missing thread is a crack along the
/// grain: a thin dark groove that follows one ring over a segment.</summary>
internal sealed class WoodTexture : ITexture
{
    private readonly ValueNoise _noise;
    private readonly Rotation _rotation;
    private readonly float _ringsPerPixel, _distortion, _phase, _scale;
    private readonly Rgb _early, _late;
    private readonly float _crackRing, _crackFrom, _crackTo, _crackHalfWidth;

    public WoodTexture(DeterministicRandom rng, int size)
    {
        _scale = size / 256f;
        _noise = new ValueNoise(rng.NextUInt64());
        _rotation = new Rotation(Shape.Degrees(rng.Uniform(-6, 6)), size / 2f);
        _ringsPerPixel = (float)rng.Uniform(0.045, 0.07) / _scale;
        _distortion = (float)rng.Uniform(1.2, 2.2);
        _phase = (float)rng.Uniform(0, 100);
        _early = new Rgb(0.8f, 0.6f, 0.4f).Jitter(rng, 0.04);
        _late = new Rgb(0.52f, 0.33f, 0.19f).Jitter(rng, 0.05);

        // The crack follows the ring-position value it starts on, so it bends with the grain.
        _crackRing = _phase + _distortion * 0.5f + (float)rng.Uniform(-0.3, 0.3) * size * _ringsPerPixel;
        float length = (float)rng.Uniform(0.25, 0.55) * size;
        _crackFrom = (float)rng.Uniform(-0.45 * size, 0.45 * size - length);
        _crackTo = _crackFrom + length;
        _crackHalfWidth = (float)rng.Uniform(0.8, 1.3) * MathF.Max(_scale, 0.6f);
    }

    public void Render(FloatImage image, bool removeLine)
    {
        float s = _scale;
        for (int y = 0; y < image.Size; y++)
        {
            for (int x = 0; x < image.Size; x++)
            {
                (float lx, float ly) = _rotation.ToLocal(x + 0.5f, y + 0.5f);
                float ringPosition = RingPosition(lx, ly);
                float ring = Shape.Fract(ringPosition);
                float late = ring * ring * ring * Shape.SmoothStep(1f, 0.96f, ring);
                float tone = 0.7f * late + 0.3f * _noise.Fractal(lx * 0.006f / s, ly * 0.02f / s + 50, 2);
                Rgb colour = Rgb.Lerp(_early, _late, tone);

                float fibres = 0.92f + 0.16f * _noise.Sample(lx * 0.04f / s, ly * 0.8f / s);
                float pores = _noise.Sample(lx * 0.09f / s + 200, ly * 1.4f / s);
                colour *= fibres * (pores > 0.82f ? 0.86f : 1f);

                if (removeLine && lx >= _crackFrom && lx <= _crackTo)
                {
                    float distance = MathF.Abs(ringPosition - _crackRing) / _ringsPerPixel;
                    float taper = Shape.SmoothStep(_crackFrom, _crackFrom + 12 * s, lx) * Shape.SmoothStep(_crackTo, _crackTo - 12 * s, lx);
                    float halfWidth = _crackHalfWidth * (0.4f + 0.6f * taper);
                    float depth = Shape.SmoothStep(halfWidth + 0.6f, halfWidth - 0.6f, distance);
                    colour *= 1f - 0.55f * depth;
                }
                image[x, y] = colour;
            }
        }
    }

    private float RingPosition(float lx, float ly) =>
        ly * _ringsPerPixel + _distortion * _noise.Fractal(lx * 0.004f / _scale, ly * 0.012f / _scale, 3) + _phase;
}
