using DistillDsl.Evaluation;

namespace DistillDsl.Tests.Evaluation;

public class MapResizeTests
{
    [Fact]
    public void Upsampling_a_row_doubles_it_with_half_pixel_centres()
    {
        // align_corners = false: output x samples input at (x + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped at the
        // borders → a, 0.75a + 0.25b, 0.25a + 0.75b, b. By hand for a = 0, b = 4.
        float[] resized = MapResize.Bilinear([0f, 4f], 2, 1, 4, 1);
        Assert.Equal([0f, 1f, 3f, 4f], resized);
    }

    [Fact]
    public void Resizing_to_another_shape_keeps_the_layout_and_the_range()
    {
        // A 2×2 map with one hot pixel at the bottom right, resized to 5 wide × 3 high.
        float[] resized = MapResize.Bilinear([0f, 0f, 0f, 1f], 2, 2, 5, 3);
        Assert.Equal(15, resized.Length);
        Assert.Equal(0f, resized[0]);             // top left
        Assert.Equal(1f, resized[14]);            // bottom right
        Assert.All(resized, v => Assert.InRange(v, 0f, 1f));
        Assert.True(resized[4] < resized[14] && resized[10] < resized[14], "the hot corner is the bottom right one");
    }

    [Fact]
    public void The_same_size_is_a_copy()
    {
        float[] map = [1f, 2f, 3f, 4f, 5f, 6f];
        float[] same = MapResize.Bilinear(map, 3, 2, 3, 2);
        Assert.Equal(map, same);
        Assert.NotSame(map, same);
    }

    [Fact]
    public void A_map_of_the_wrong_length_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => MapResize.Bilinear([1f, 2f, 3f], 2, 2, 4, 4));
        Assert.Contains("2×2", error.Message);
    }
}
