namespace DistillDsl.Data.Synthetic.Textures;

/// <summary>Plain weave: warp threads (along the texture's v axis) and weft threads (along u) alternate over and under
/// at each crossing. Each thread is brighter at its middle and darker at its edges, bulges where it passes over, has
/// fibre streaks along its length and its own slight brightness. The missing thread is a warp thread absent over a
/// segment: there the weft shows through, lower and in shadow.</summary>
internal sealed class FabricTexture : ITexture
{
    private readonly ValueNoise _noise;
    private readonly Rotation _rotation;
    private readonly float _period, _phaseU, _phaseV, _wobble;
    private readonly Rgb _warp, _weft;
    private readonly int _missingWarp;
    private readonly float _missingFrom, _missingTo;

    public FabricTexture(DeterministicRandom rng, int size)
    {
        float scale = size / 256f;
        _noise = new ValueNoise(rng.NextUInt64());
        _rotation = new Rotation(Shape.Degrees(rng.Uniform(-3, 3)), size / 2f);
        _period = MathF.Max(4f, (float)rng.Uniform(7.5, 9.5) * scale);
        _phaseU = (float)rng.Uniform(0, 64);
        _phaseV = (float)rng.Uniform(0, 64);
        _wobble = (float)rng.Uniform(0.15, 0.3);
        _warp = new Rgb(0.66f, 0.61f, 0.52f).Jitter(rng, 0.03);
        _weft = _warp * new Rgb(0.93f, 0.95f, 0.99f);

        float threads = size / _period;
        _missingWarp = (int)MathF.Floor(_phaseU + (float)rng.Uniform(-0.3, 0.3) * threads);
        float length = (float)rng.Uniform(0.3, 0.6) * threads;
        _missingFrom = _phaseV + (float)rng.Uniform(-0.45 * threads, 0.45 * threads - length);
        _missingTo = _missingFrom + length;
    }

    public void Render(FloatImage image, bool removeLine)
    {
        for (int y = 0; y < image.Size; y++)
        {
            for (int x = 0; x < image.Size; x++)
            {
                (float lx, float ly) = _rotation.ToLocal(x + 0.5f, y + 0.5f);
                float u = lx / _period + _phaseU + _wobble * (_noise.Fractal(x * 0.015f, y * 0.015f, 2) - 0.5f);
                float v = ly / _period + _phaseV + _wobble * (_noise.Fractal(x * 0.015f + 40, y * 0.015f, 2) - 0.5f);
                int iu = (int)MathF.Floor(u), iv = (int)MathF.Floor(v);
                float fu = u - iu, fv = v - iv;
                bool warpOnTop = ((iu + iv) & 1) == 0;
                bool warpMissing = removeLine && iu == _missingWarp && v >= _missingFrom && v <= _missingTo;

                Rgb colour;
                if (warpMissing)
                {
                    // The weft now shows at every crossing of this column; where it used to pass under, it lies deeper.
                    colour = Weft(u, v, fu, fv, iv) * (warpOnTop ? 0.7f : 0.85f);
                }
                else
                {
                    colour = warpOnTop ? Warp(u, v, fu, fv, iu) : Weft(u, v, fu, fv, iv);
                }
                image[x, y] = colour;
            }
        }
    }

    private Rgb Warp(float u, float v, float fu, float fv, int thread) =>
        _warp * (Profile(fu, fv) * Fibres(u * 9f, v * 1.2f) * (0.95f + 0.1f * _noise.Lattice(thread, 7)));

    private Rgb Weft(float u, float v, float fu, float fv, int thread) =>
        _weft * (Profile(fv, fu) * Fibres(v * 9f + 100, u * 1.2f) * (0.95f + 0.1f * _noise.Lattice(13, thread)));

    // Across the thread: bright middle, dark edges (the gaps between threads); along it: the bulge over a crossing.
    private static float Profile(float across, float along) =>
        0.42f + 0.58f * MathF.Sqrt(MathF.Sin(MathF.PI * across)) * (0.82f + 0.18f * MathF.Sin(MathF.PI * along));

    private float Fibres(float across, float along) => 0.9f + 0.2f * _noise.Sample(across, along);
}
