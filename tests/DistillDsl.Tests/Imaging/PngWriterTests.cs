using DistillDsl.Data;
using DistillDsl.Imaging;
using DistillDsl.Tests.Data;

namespace DistillDsl.Tests.Imaging;

public class PngWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Written_pngs_decode_to_the_same_pixels_with_stb_image(int channels)
    {
        using var temp = new TempFolder();
        byte[] pixels = TestImages.Pixels(13, 7, channels, (x, y, c) => (x * 53 + y * 97 + c * 31) % 256);
        string path = temp.File($"c{channels}.png");
        File.WriteAllBytes(path, PngWriter.Encode(pixels, 13, 7, channels));

        RgbImage decoded = ImageFile.ReadRgb(path);

        Assert.Equal((13, 7), (decoded.Width, decoded.Height));
        for (int i = 0; i < 13 * 7; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(pixels[i * channels + (channels == 1 ? 0 : c)], decoded.Pixels[3 * i + c]);
    }
}
