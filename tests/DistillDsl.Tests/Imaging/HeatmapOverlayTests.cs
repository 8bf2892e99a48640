using DistillDsl.Imaging;
using StbImageSharp;

namespace DistillDsl.Tests.Imaging;

public class HeatmapOverlayTests
{
    [Fact]
    public void Writes_the_image_beside_the_overlay_with_a_white_mask_outline()
    {
        const int size = 8;
        float[] rgb = Enumerable.Range(0, size * size * 3).Select(i => i % 3 == 0 ? 0.2f : 0.6f).ToArray();
        float[] map = new float[size * size];
        map[0] = 1f; // top-left pixel is the hottest
        float[] mask = new float[size * size];
        for (int y = 2; y < 6; y++) for (int x = 2; x < 6; x++) mask[y * size + x] = 1f; // a 4×4 defect

        string path = Path.Combine(Path.GetTempPath(), $"heatmap-{Guid.NewGuid():N}.png");
        try
        {
            HeatmapOverlay.WritePng(path, size, size, rgb, map, mask, 0f, 1f);
            ImageResult png = ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue);
            Assert.Equal(2 * size, png.Width);
            Assert.Equal(size, png.Height);
            byte[] Pixel(int x, int y) => png.Data.AsSpan((y * png.Width + x) * 3, 3).ToArray();

            Assert.Equal(new byte[] { 51, 153, 153 }, Pixel(3, 3));                 // left: the image itself, mask not drawn
            Assert.Equal(new byte[] { 255, 255, 255 }, Pixel(size + 2, 2));       // right: outline pixel of the defect
            Assert.NotEqual(new byte[] { 255, 255, 255 }, Pixel(size + 3, 3));    // the defect's inside is not outline
            byte[] hot = Pixel(size, 0), cold = Pixel(size + 7, 7);
            Assert.True(hot[0] > cold[0] && hot[2] < cold[2], "the hottest pixel must be redder and less blue than a cold one");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Buffers_that_do_not_match_the_size_are_rejected_with_the_file_name()
    {
        var error = Assert.Throws<ArgumentException>(() => HeatmapOverlay.WritePng("x.png", 4, 4, new float[10], new float[16], default, 0, 1));
        Assert.Contains("x.png", error.Message);
    }

    [Theory]
    [InlineData(0f, 0f, 0f, 0.5f)]   // dark blue
    [InlineData(0.5f, 0.5f, 1f, 0.5f)] // cyan-green middle
    [InlineData(1f, 0.5f, 0f, 0f)]   // dark red
    public void Jet_colours(float t, float r, float g, float b)
    {
        var colour = HeatmapOverlay.Jet(t);
        Assert.Equal(r, colour.R, 3);
        Assert.Equal(g, colour.G, 3);
        Assert.Equal(b, colour.B, 3);
    }
}
