using DistillDsl.Data;

namespace DistillDsl.Tests.Data;

public class ImageFileTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Data");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Png_of_any_channel_count_becomes_rgb_with_gray_copied_and_alpha_dropped(int channels)
    {
        using var temp = new TempFolder();
        byte[] source = TestImages.Gradient(5, 3, channels);
        string path = TestImages.Png(temp.File($"c{channels}.png"), 5, 3, channels, source);

        RgbImage image = ImageFile.ReadRgb(path);

        Assert.Equal((5, 3), (image.Width, image.Height));
        byte[] expected = ExpectedRgb(source, 5 * 3, channels);
        Assert.Equal(expected, image.Pixels);
    }

    [Fact]
    public void Bmp_rgb_and_gray_decode_exactly()
    {
        using var temp = new TempFolder();
        foreach (int channels in new[] { 1, 3 })
        {
            byte[] source = TestImages.Gradient(6, 4, channels);
            RgbImage image = ImageFile.ReadRgb(TestImages.Bmp(temp.File($"c{channels}.bmp"), 6, 4, channels, source));
            Assert.Equal(ExpectedRgb(source, 6 * 4, channels), image.Pixels);
        }
    }

    [Fact]
    public void Jpeg_gray_decodes_to_three_equal_channels_close_to_the_source()
    {
        using var temp = new TempFolder();
        // Smooth content so that JPEG's loss stays small.
        byte[] source = TestImages.Pixels(16, 16, 1, (x, y, _) => 40 + 8 * x + 4 * y);
        RgbImage image = ImageFile.ReadRgb(TestImages.Jpeg(temp.File("gray.jpg"), 16, 16, 1, source));

        Assert.Equal((16, 16), (image.Width, image.Height));
        for (int i = 0; i < 16 * 16; i++)
        {
            Assert.Equal(image.Pixels[3 * i], image.Pixels[3 * i + 1]);
            Assert.Equal(image.Pixels[3 * i], image.Pixels[3 * i + 2]);
            Assert.InRange(image.Pixels[3 * i] - source[i], -6, 6);
        }
    }

    /// <summary>Fixtures made by Fixtures/Data/make_png16.py: 7×5, 16 bits, colour types 0, 4, 2, 6, every PNG row
    /// filter; sample (x, y, c) = (x*9001 + y*4099 + c*12345 + 77) % 65536. StbImageSharp keeps the high byte.</summary>
    [Theory]
    [InlineData("gray16.png", 1)]
    [InlineData("gray_alpha16.png", 2)]
    [InlineData("rgb16.png", 3)]
    [InlineData("rgba16.png", 4)]
    public void Sixteen_bit_png_decodes_to_the_high_byte_of_each_sample(string file, int channels)
    {
        RgbImage image = ImageFile.ReadRgb(Path.Combine(FixtureFolder, file));

        Assert.Equal((7, 5), (image.Width, image.Height));
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sourceChannel = channels <= 2 ? 0 : c; // gray is copied to R, G, B
                    int sample = (x * 9001 + y * 4099 + sourceChannel * 12345 + 77) % 65536;
                    Assert.Equal(sample >> 8, image.Pixels[(y * 7 + x) * 3 + c]);
                }
            }
        }
    }

    [Fact]
    public void Truncated_jpeg_is_reported_not_decoded_into_gray()
    {
        using var temp = new TempFolder();
        string path = TestImages.Jpeg(temp.File("cut.jpg"), 32, 32, 3);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(path));
        Assert.Equal(path, error.Path);
        Assert.Contains("truncated JPEG", error.Reason);
    }

    [Fact]
    public void Truncated_png_and_bmp_are_reported()
    {
        using var temp = new TempFolder();
        string png = TestImages.Png(temp.File("cut.png"), 32, 32, 3);
        File.WriteAllBytes(png, File.ReadAllBytes(png)[..100]);
        Assert.Contains("truncated PNG", Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(png)).Reason);

        string bmp = TestImages.Bmp(temp.File("cut.bmp"), 32, 32, 3);
        File.WriteAllBytes(bmp, File.ReadAllBytes(bmp)[..1000]);
        var error = Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(bmp));
        Assert.Contains("truncated BMP", error.Reason);
        Assert.Contains("the file has 1000", error.Reason);
    }

    [Fact]
    public void Corrupt_png_data_is_reported_as_undecodable()
    {
        using var temp = new TempFolder();
        string path = TestImages.Png(temp.File("corrupt.png"), 16, 16, 3);
        byte[] bytes = File.ReadAllBytes(path);
        // Overwrite the compressed pixel data (after the 33-byte signature + IHDR, past the IDAT header) with garbage.
        for (int i = 45; i < bytes.Length - 20; i++) bytes[i] = 0xA5;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(path));
        Assert.Equal(path, error.Path);
        Assert.Contains("cannot be decoded", error.Reason);
    }

    [Fact]
    public void A_folder_is_reported_as_a_folder_not_as_access_denied()
    {
        using var temp = new TempFolder();
        string folder = temp.Folder("images.png");

        var error = Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(folder));
        Assert.Equal(folder, error.Path);
        Assert.Equal("it is a folder, not an image file.", error.Reason);
    }

    [Fact]
    public void Missing_empty_and_non_image_files_are_reported()
    {
        using var temp = new TempFolder();
        string missing = Path.Combine(temp.Path, "missing.png");
        Assert.Contains("file not found", Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(missing)).Reason);

        string empty = temp.File("empty.png");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(empty)).Reason);

        string text = temp.File("text.png");
        File.WriteAllText(text, "hello");
        var error = Assert.Throws<DatasetException>(() => ImageFile.ReadRgb(text));
        Assert.Contains("not a PNG, JPEG or BMP file", error.Reason);
        Assert.Contains("68656C6C6F", error.Reason);
    }

    private static byte[] ExpectedRgb(byte[] source, int pixelCount, int channels)
    {
        var rgb = new byte[pixelCount * 3];
        for (int i = 0; i < pixelCount; i++)
        {
            for (int c = 0; c < 3; c++) rgb[3 * i + c] = channels <= 2 ? source[i * channels] : source[i * channels + c];
        }
        return rgb;
    }
}
