namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>Woven wire mesh: round metal wires (a bright highlight along the middle, darker flanks) over a dark, unevenly
/// lit background; at each crossing one of the two wires is on top, alternating. The missing thread is a broken wire:
/// one wire absent over a segment, the background showing through.</summary>
internal sealed class GridTexture : ITexture
{
    private readonly ValueNoise _noise;
    private readonly Rotation _rotation;
    private readonly float _period, _halfWidth, _phaseU, _phaseV;
    private readonly Rgb _metal, _background;
    private readonly int _missingWire;
    private readonly float _missingFrom, _missingTo;

    public GridTexture(DeterministicRandom rng, int size)
    {
        float scale = size / 256f;
        _noise = new ValueNoise(rng.NextUInt64());
        _rotation = new Rotation(Shape.Degrees(rng.Uniform(-4, 4)), size / 2f);
        _period = MathF.Max(6f, (float)rng.Uniform(14, 18) * scale);
        _halfWidth = _period * (float)rng.Uniform(0.15, 0.19);
        _phaseU = (float)rng.Uniform(0, 64);
        _phaseV = (float)rng.Uniform(0, 64);
        _metal = new Rgb(0.74f, 0.75f, 0.77f).Jitter(rng, 0.03);
        _background = new Rgb(0.2f, 0.2f, 0.21f).Jitter(rng, 0.06);

        float wires = size / _period;
        _missingWire = (int)MathF.Round(_phaseU + (float)rng.Uniform(-0.3, 0.3) * wires);
        float length = (float)rng.Uniform(0.8, 2.2);
        _missingFrom = _phaseV + (float)rng.Uniform(-0.35 * wires, 0.35 * wires - length);
        _missingTo = _missingFrom + length;
    }

    public void Render(FloatImage image, bool removeLine)
    {
        for (int y = 0; y < image.Size; y++)
        {
            for (int x = 0; x < image.Size; x++)
            {
                (float lx, float ly) = _rotation.ToLocal(x + 0.5f, y + 0.5f);
                float u = lx / _period + _phaseU, v = ly / _period + _phaseV;
                int wireU = (int)MathF.Round(u), wireV = (int)MathF.Round(v);
                float distanceU = MathF.Abs(u - wireU) * _period, distanceV = MathF.Abs(v - wireV) * _period;

                float lighting = 0.8f + 0.4f * _noise.Fractal(x * 0.01f, y * 0.01f, 3);
                Rgb colour = _background * (lighting * (0.85f + 0.3f * _noise.Sample(x * 0.3f, y * 0.3f)));

                bool broken = removeLine && wireU == _missingWire && v >= _missingFrom && v <= _missingTo;
                float coverU = broken ? 0f : Cover(distanceU);
                float coverV = Cover(distanceV);
                // Alternating over/under: the wire on top is drawn last.
                bool uOnTop = ((wireU + wireV) & 1) == 0;
                if (uOnTop)
                {
                    colour = Rgb.Lerp(colour, Wire(distanceV, u), coverV);
                    colour = Rgb.Lerp(colour, Wire(distanceU, v), coverU);
                }
                else
                {
                    colour = Rgb.Lerp(colour, Wire(distanceU, v), coverU);
                    colour = Rgb.Lerp(colour, Wire(distanceV, u), coverV);
                }
                image[x, y] = colour;
            }
        }
    }

    // Antialiased coverage of a wire at this distance from its centre line.
    private float Cover(float distance) => Shape.SmoothStep(_halfWidth + 0.7f, _halfWidth - 0.7f, distance);

    private Rgb Wire(float distance, float along)
    {
        float across = Math.Clamp(distance / _halfWidth, 0f, 1f);
        float shade = 0.45f + 0.55f * MathF.Cos(across * MathF.PI / 2) + 0.05f * (_noise.Sample(along * 3f, distance) - 0.5f);
        return _metal * shade;
    }
}
