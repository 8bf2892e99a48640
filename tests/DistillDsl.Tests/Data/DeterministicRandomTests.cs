using DistillDsl.Data;

namespace DistillDsl.Tests.Data;

public class DeterministicRandomTests
{
    [Fact]
    public void Follows_the_published_SplitMix64_sequence()
    {
        // Reference outputs of splitmix64.c (Vigna) for seed 1234567.
        var random = new DeterministicRandom(1234567);
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Fact]
    public void Streams_differ_by_any_part_and_repeat_for_the_same_parts()
    {
        ulong First(long seed, params long[] parts) => DeterministicRandom.ForStream(seed, parts).NextUInt64();

        Assert.Equal(First(7, 1, 2, 3), First(7, 1, 2, 3));
        ulong[] variants = [First(7, 1, 2, 3), First(8, 1, 2, 3), First(7, 0, 2, 3), First(7, 1, 2, 4), First(7, 2, 1, 3), First(7, 1, 2)];
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_cover_it()
    {
        var random = new DeterministicRandom(42);
        int[] draws = Enumerable.Range(0, 10_000).Select(_ => random.NextInt(3, 10)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 3, 9));
        Assert.Equal(7, draws.Distinct().Count());
        double[] doubles = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();
        Assert.All(doubles, d => Assert.InRange(d, 0.0, 0.9999999999));
        Assert.InRange(doubles.Average(), 0.48, 0.52);
    }
}
