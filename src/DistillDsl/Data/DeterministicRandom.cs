namespace DistillDsl.Data;

/// <summary>A small seeded generator (SplitMix64, Steele, Lea and Flood 2014) whose sequence is fixed by its published
/// algorithm, so a seed gives the same numbers on every machine and every .NET version. System.Random's seeded
/// sequence is deterministic on .NET today, but its algorithm is an implementation detail, not a documented contract.</summary>
public sealed class DeterministicRandom
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15;
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>A generator for one independent stream, e.g. (seed, category, split, image index): the parts are
    /// mixed in order, so changing any one gives an unrelated sequence.</summary>
    public static DeterministicRandom ForStream(long seed, params ReadOnlySpan<long> parts)
    {
        ulong state = Mix((ulong)seed);
        foreach (long part in parts) state = Mix(state ^ Mix((ulong)part + GoldenGamma));
        return new DeterministicRandom(state);
    }

    public ulong NextUInt64()
    {
        _state += GoldenGamma;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, maxExclusive) (multiply-shift; the bias is below 2^-32 for any int range).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Uniform integer in [min, maxExclusive).</summary>
    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    public bool NextBool() => (NextUInt64() >> 63) == 1;

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
