namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>Speckled ceramic tiles in a square grid with grout lines: each tile has its own slight tone, dark and light
/// speckles, and a soft bevel towards the grout. The missing thread is missing grout: one grout line is an empty dark
/// groove over a segment.</summary>
internal sealed class TileTexture : ITexture
{
    private readonly ValueNoise _noise;
    private readonly Rotation _rotation;
    private readonly float _tile, _halfGrout, _phaseU, _phaseV, _scale;
    private readonly Rgb _ceramic, _grout;
    private readonly int _missingLine;
    private readonly float _missingFrom, _missingTo;

    public TileTexture(DeterministicRandom rng, int size)
    {
        _scale = size / 256f;
        _noise = new ValueNoise(rng.NextUInt64());
        _rotation = new Rotation(Shape.Degrees(rng.Uniform(-1.5, 1.5)), size / 2f);
        _tile = MathF.Max(12f, (float)rng.Uniform(38, 50) * _scale);
        _halfGrout = MathF.Max(1f, (float)rng.Uniform(1.3, 1.8) * _scale);
        _phaseU = (float)rng.Uniform(0, 64);
        _phaseV = (float)rng.Uniform(0, 64);
        _ceramic = new Rgb(0.72f, 0.69f, 0.63f).Jitter(rng, 0.03);
        _grout = new Rgb(0.46f, 0.45f, 0.43f).Jitter(rng, 0.04);

        float tiles = size / _tile;
        _missingLine = (int)MathF.Round(_phaseU + (float)rng.Uniform(-0.3, 0.3) * tiles);
        float length = (float)rng.Uniform(0.4, 0.9);
        _missingFrom = _phaseV + (float)rng.Uniform(-0.4 * tiles, 0.4 * tiles - length);
        _missingTo = _missingFrom + length;
    }

    public void Render(FloatImage image, bool removeLine)
    {
        float s = _scale;
        for (int y = 0; y < image.Size; y++)
        {
            for (int x = 0; x < image.Size; x++)
            {
                (float lx, float ly) = _rotation.ToLocal(x + 0.5f, y + 0.5f);
                float u = lx / _tile + _phaseU, v = ly / _tile + _phaseV;
                int tu = (int)MathF.Floor(u), tv = (int)MathF.Floor(v);
                float toEdgeU = MathF.Min(u - tu, tu + 1 - u) * _tile, toEdgeV = MathF.Min(v - tv, tv + 1 - v) * _tile;
                float toEdge = MathF.Min(toEdgeU, toEdgeV);

                float tone = 0.95f + 0.1f * _noise.Lattice(tu, tv);
                float speckle = Speckle(x / s, y / s);
                float speckleShade = 1f - 0.22f * Shape.SmoothStep(0.74f, 0.8f, speckle) + 0.1f * Shape.SmoothStep(0.26f, 0.2f, speckle);
                float bevel = 0.9f + 0.1f * Shape.SmoothStep(_halfGrout, _halfGrout + 3f * MathF.Max(s, 0.5f), toEdge);
                Rgb surface = _ceramic * (tone * speckleShade * bevel * (0.96f + 0.08f * _noise.Fractal(x * 0.05f / s, y * 0.05f / s, 2)));

                Rgb groutColour = _grout * (0.9f + 0.2f * _noise.Sample(x * 0.5f / s, y * 0.5f / s + 90));
                bool onMissingLine = removeLine && (int)MathF.Round(u) == _missingLine && v >= _missingFrom && v <= _missingTo
                                     && toEdgeU <= toEdgeV;
                if (onMissingLine) groutColour = _grout * 0.35f;

                float groutCover = Shape.SmoothStep(_halfGrout + 0.6f, _halfGrout - 0.6f, toEdge);
                image[x, y] = Rgb.Lerp(surface, groutColour, groutCover);
            }
        }
    }

    // Two octaves of noise on axes turned by about 30° and 70°, so that thresholded speckles are irregular grains
    // rather than squares aligned with the noise lattice.
    private float Speckle(float x, float y) =>
        0.65f * _noise.Sample(0.37f * x + 0.21f * y + 300, -0.21f * x + 0.37f * y) +
        0.35f * _noise.Sample(0.27f * x - 0.78f * y, 0.78f * x + 0.27f * y + 700);
}
