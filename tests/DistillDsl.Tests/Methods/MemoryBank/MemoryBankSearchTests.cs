using DistillDsl.Spec.Model;
using static DistillDsl.Tests.Scoring.EquationTensors;
using static TorchSharp.torch;
using Bank = DistillDsl.Methods.MemoryBank.MemoryBank;
using DistillDsl.Methods.MemoryBank;

namespace DistillDsl.Tests.Methods.MemoryBank;

/// <summary>The nearest-row search and the coreset choice on hand-made points.</summary>
public class MemoryBankSearchTests
{
    /// <summary>Three 2-channel rows: (0, 0), (10, 0), (0, 4).</summary>
    private static Bank ThreeRows(bool normalized)
    {
        var bank = new Bank(3, 2, normalized);
        using Tensor rows = tensor(new float[] { 0, 0, 10, 0, 0, 4 }).reshape(3, 2);
        bank.Fill(normalized ? bank.ToSearchSpace(rows) : rows);
        return bank;
    }

    [Fact]
    public void Each_position_gets_the_row_nearest_to_its_feature()
    {
        using Bank bank = ThreeRows(normalized: false);
        // Two positions (1×2 grid): (7, 1) is nearest (10, 0) (distance² 10 against 49 and 58); (1, 3) is nearest (0, 4)
        // (distance² 2 against 10 and 82).
        using Tensor features = tensor(new float[] { 7, 1, 1, 3 }).reshape(1, 2, 1, 2);
        using Tensor nearest = bank.Nearest(features);
        Assert.Equal(new long[] { 1, 2, 1, 2 }, nearest.shape);
        // Layout [B, C, h, w]: channel 0 of both positions, then channel 1.
        Equal([10, 0, 0, 4], nearest);
    }

    [Fact]
    public void A_normalised_bank_compares_directions()
    {
        using Bank bank = ThreeRows(normalized: true);
        // Rows become (0, 0), (1, 0), (0, 1). (7, 1) points along (1, 0); (1, 3) along (0, 1); a zero feature is nearest
        // the zero row (distance² 0 against 1 and 1).
        Equal([0, 0, 1, 0, 0, 1], bank.Rows);
        using Tensor features = tensor(new float[] { 7, 1, 0, 1, 3, 0 }).reshape(1, 2, 1, 3);
        using Tensor nearest = bank.Nearest(features);
        Equal([1, 0, 0, 0, 1, 0], nearest);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_search_split_into_many_chunks_finds_every_positions_nearest_row(bool normalized)
    {
        // 65536 rows: the search takes 64 queries per chunk, so the 150 positions of a 10×15 map span three chunks and a
        // partial one. Each found row must be as near as the full distance matrix's nearest: squared distances are compared
        // within the rounding of ‖r‖² − 2 q·r (a few units in the last place of ‖r‖²), not indices, since rows that near
        // may be swapped; a row from the wrong chunk would be off by about the rows' spread (≈ 2).
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        using var bank = new Bank(65536, 3, normalized);
        Tensor rows = randn([65536, 3], generator: generator);
        bank.Fill(bank.ToSearchSpace(rows));
        Tensor features = randn([1, 3, 10, 15], generator: generator);

        Tensor nearest = bank.Nearest(features);

        Tensor queries = bank.ToSearchSpace(features.permute(0, 2, 3, 1).reshape(-1, 3));
        Tensor found = (queries - nearest.permute(0, 2, 3, 1).reshape(-1, 3)).square().sum(1);
        Tensor least = cdist(queries, bank.Rows).amin(1).square();
        Assert.True(found.allclose(least, rtol: 0, atol: 2e-5), $"largest gap {(found - least).abs().max().item<float>():E2}");
    }

    [Fact]
    public void Fewer_rows_than_the_bank_holds_are_repeated_in_turn()
    {
        using var bank = new Bank(5, 1, normalized: false);
        using Tensor rows = tensor(new float[] { 3, 8 }).reshape(2, 1);
        bank.Fill(rows);
        Equal([3, 8, 3, 8, 3], bank.Rows);
        using Tensor tooMany = zeros(6, 1);
        Assert.Throws<ArgumentException>(() => bank.Fill(tooMany));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void A_greedy_coreset_keeps_one_point_of_every_far_cluster_whatever_its_start(ulong seed)
    {
        // Three tight clusters on a line (0, 10, 20) and nine points in all: any three greedy choices cover the three
        // clusters, because after a first point the farthest is always in a cluster not yet chosen.
        using Tensor points = tensor(new float[] { 0, 0.1f, 0.2f, 0.3f, 10, 10.1f, 10.2f, 20, 20.1f }).reshape(9, 1);
        using Tensor chosen = CoresetSelection.Select(points, 3, CoresetKind.Greedy, seed);
        long[] indices = chosen.data<long>().ToArray();
        Assert.Equal(3, indices.Distinct().Count());
        var clusters = indices.Select(i => (int)Math.Round(points[i, 0].item<float>() / 10)).OrderBy(c => c).ToArray();
        Assert.Equal(new[] { 0, 1, 2 }, clusters);
    }

    [Fact]
    public void A_greedy_coreset_projects_wide_features_and_still_separates_clusters()
    {
        // 300 channels (over the 128 of the projection): two clusters far apart, 50 points each.
        using var generator = new Generator(11);
        using Tensor noise = randn([100, 300], generator: generator);
        using Tensor offset = cat([zeros(50, 300), full([50, 300], 5f)], 0);
        using Tensor points = noise * 0.01f + offset;
        using Tensor chosen = CoresetSelection.Select(points, 2, CoresetKind.Greedy, seed: 9);
        long[] indices = chosen.data<long>().ToArray();
        Assert.Single(indices, i => i < 50);
        Assert.Single(indices, i => i >= 50);
    }

    [Fact]
    public void A_random_coreset_is_a_seeded_sample_without_repeats()
    {
        using Tensor points = arange(100, dtype: float32).reshape(100, 1);
        long[] first = CoresetSelection.Select(points, 10, CoresetKind.Random, 5).data<long>().ToArray();
        long[] again = CoresetSelection.Select(points, 10, CoresetKind.Random, 5).data<long>().ToArray();
        long[] other = CoresetSelection.Select(points, 10, CoresetKind.Random, 6).data<long>().ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(10, first.Distinct().Count());
        Assert.Equal(first.OrderBy(i => i), first);
        // Not more than there are: all of them.
        Assert.Equal(100, CoresetSelection.Select(points, 500, CoresetKind.Greedy, 5).shape[0]);
    }
}
