using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class ConnectedComponentsTests
{
    private static bool[] Mask(params string[] rows) => rows.SelectMany(r => r.Select(c => c == '#')).ToArray();

    [Fact]
    public void Corner_neighbours_join_edge_gaps_split_and_labels_follow_row_major_order()
    {
        bool[] mask = Mask(
            "#..#.",
            ".#..#",
            ".....",
            "##..#",
            ".#...");
        int[] labels = ConnectedComponents.Label(mask, 5, 5, out int count);

        // Components: {(0,0),(1,1)} diagonal; {(3,0),(4,1)} diagonal; {(0,3),(1,3),(1,4)}; {(4,3)}.
        Assert.Equal(4, count);
        Assert.Equal(new[]
        {
            1, 0, 0, 2, 0,
            0, 1, 0, 0, 2,
            0, 0, 0, 0, 0,
            3, 3, 0, 0, 4,
            0, 3, 0, 0, 0,
        }, labels);
    }

    [Fact]
    public void A_ring_is_one_component_and_its_hole_is_background()
    {
        bool[] mask = Mask(
            "###",
            "#.#",
            "###");
        int[] labels = ConnectedComponents.Label(mask, 3, 3, out int count);
        Assert.Equal(1, count);
        Assert.Equal(0, labels[4]);
        Assert.Equal(8, labels.Count(l => l == 1));
    }

    [Fact]
    public void Empty_and_full_masks()
    {
        ConnectedComponents.Label(new bool[12], 4, 3, out int none);
        Assert.Equal(0, none);
        int[] full = ConnectedComponents.Label(Enumerable.Repeat(true, 12).ToArray(), 4, 3, out int one);
        Assert.Equal(1, one);
        Assert.All(full, l => Assert.Equal(1, l));
    }

    [Fact]
    public void A_large_snake_does_not_overflow_the_stack()
    {
        // A 256² serpentine path: one component of ~33k pixels, deep for a recursive fill.
        const int size = 256;
        var mask = new bool[size * size];
        for (int y = 0; y < size; y += 2)
        {
            for (int x = 0; x < size; x++) mask[y * size + x] = true;
            if (y + 1 < size) mask[(y + 1) * size + ((y / 2) % 2 == 0 ? size - 1 : 0)] = true;
        }
        ConnectedComponents.Label(mask, size, size, out int count);
        Assert.Equal(1, count);
    }

    [Fact]
    public void A_mask_of_the_wrong_size_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ConnectedComponents.Label(new bool[5], 2, 2, out _));
        Assert.Contains("2×2 mask needs 4 pixels; got 5", error.Message);
    }
}
