namespace DistillDsl.Data.Synthetic;

/// <summary>Seeded 2-D value noise: random values on the integer lattice, blended with a quintic fade, plus fractal sums
/// of octaves. Values are in [0, 1].</summary>
internal sealed class ValueNoise(ulong seed)
{
    public float Sample(float x, float y)
    {
        float xf = MathF.Floor(x), yf = MathF.Floor(y);
        int x0 = (int)xf, y0 = (int)yf;
        float tx = Fade(x - xf), ty = Fade(y - yf);
        float top = Lerp(Lattice(x0, y0), Lattice(x0 + 1, y0), tx);
        float bottom = Lerp(Lattice(x0, y0 + 1), Lattice(x0 + 1, y0 + 1), tx);
        return Lerp(top, bottom, ty);
    }

    /// <summary>Sum of <paramref name="octaves"/> octaves, each at twice the frequency and half the amplitude, rescaled to [0, 1].</summary>
    public float Fractal(float x, float y, int octaves)
    {
        float sum = 0, amplitude = 1, total = 0;
        for (int i = 0; i < octaves; i++)
        {
            // Each octave is offset so that lattice points of different octaves do not line up.
            sum += amplitude * Sample(x + i * 17.31f, y - i * 11.17f);
            total += amplitude;
            amplitude *= 0.5f;
            x *= 2;
            y *= 2;
        }
        return sum / total;
    }

    /// <summary>A uniform random value in [0, 1) for an integer cell, e.g. a per-thread or per-tile variation.</summary>
    public float Lattice(int x, int y) => (Bits(x, y) >> 40) * (1f / (1 << 24));

    /// <summary>64 random bits for an integer cell (a SplitMix64-style mix of the seed and the coordinates).</summary>
    public ulong Bits(int x, int y)
    {
        ulong h = seed ^ ((ulong)(uint)x * 0x9E3779B97F4A7C15) ^ ((ulong)(uint)y * 0xC2B2AE3D27D4EB4F);
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EB;
        return h ^ (h >> 31);
    }

    private static float Fade(float t) => t * t * t * (t * (t * 6 - 15) + 10);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
