using DistillDsl.Data;
using DistillDsl.Spec.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Data;

public class ImagePreprocessingTests
{
    private static float[] Values(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void Upscaling_is_bilinear_with_half_pixel_centres()
    {
        using var temp = new TempFolder();
        // A 2×2 gray image, dark left column, bright right column.
        string path = TestImages.Png(temp.File("two.png"), 2, 2, 1, [0, 255, 0, 255]);

        using Tensor rgb = new ImagePreprocessing(4, NormalizationParameters.ImageNet).LoadRgb(path);

        Assert.Equal(new long[] { 3, 4, 4 }, rgb.shape);
        // Output x samples the source at (x + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped at the borders.
        float[] expectedRow = [0f, 0.25f, 0.75f, 1f];
        float[] values = Values(rgb);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(expectedRow[x], values[(c * 4 + y) * 4 + x], 5);
    }

    [Fact]
    public void Shrinking_a_lot_is_antialiased()
    {
        using var temp = new TempFolder();
        // Stripes two pixels on, two off: any plain 2-tap interpolation at a 7.5× reduction hits 0 or 1 somewhere.
        string path = TestImages.Png(temp.File("stripes.png"), 60, 60, 1, TestImages.Pixels(60, 60, 1, (x, _, _) => x % 4 < 2 ? 255 : 0));

        using Tensor rgb = new ImagePreprocessing(8, NormalizationParameters.ImageNet).LoadRgb(path);

        Assert.All(Values(rgb), v => Assert.InRange(v, 0.42f, 0.58f));
    }

    [Fact]
    public void Images_of_other_sizes_and_shapes_come_out_square_in_0_1()
    {
        using var temp = new TempFolder();
        var preprocessing = new ImagePreprocessing(32, NormalizationParameters.ImageNet);
        foreach ((int w, int h) in new[] { (100, 37), (13, 64), (32, 32) })
        {
            using Tensor rgb = preprocessing.LoadRgb(TestImages.Png(temp.File($"{w}x{h}.png"), w, h, 3));
            Assert.Equal(new long[] { 3, 32, 32 }, rgb.shape);
            Assert.Equal(ScalarType.Float32, rgb.dtype);
            Assert.InRange(rgb.min().item<float>(), 0f, 1f);
            Assert.InRange(rgb.max().item<float>(), 0f, 1f);
        }
    }

    [Fact]
    public void ImageNet_normalisation_uses_torchvision_mean_and_std()
    {
        using var temp = new TempFolder();
        string red = TestImages.Png(temp.File("red.png"), 2, 2, 3, TestImages.Pixels(2, 2, 3, (_, _, c) => c == 0 ? 255 : 0));

        using Tensor image = new ImagePreprocessing(2, NormalizationParameters.ImageNet).LoadImage(red);

        float[] v = Values(image);
        Assert.Equal((1 - 0.485f) / 0.229f, v[0], 5);
        Assert.Equal((0 - 0.456f) / 0.224f, v[4], 5);
        Assert.Equal((0 - 0.406f) / 0.225f, v[8], 5);
    }

    [Fact]
    public void Bgr_mean_normalisation_reorders_channels_scales_to_255_and_subtracts_without_dividing()
    {
        using var temp = new TempFolder();
        string red = TestImages.Png(temp.File("red.png"), 2, 2, 3, TestImages.Pixels(2, 2, 3, (_, _, c) => c == 0 ? 255 : 0));

        using Tensor standard = new ImagePreprocessing(2, NormalizationParameters.BgrMean).LoadImage(red);
        float[] v = Values(standard);
        Assert.Equal(0 - 103.06f, v[0], 3);   // blue
        Assert.Equal(0 - 115.90f, v[4], 3);   // green
        Assert.Equal(255 - 123.15f, v[8], 3); // red

        using Tensor custom = new ImagePreprocessing(2, NormalizationParameters.BgrMeanOf(100f, 110f, 120f)).LoadImage(red);
        Assert.Equal([-100f, -110f, 135f], new[] { Values(custom)[0], Values(custom)[4], Values(custom)[8] });
    }

    [Fact]
    public void Normalisation_parameters_match_the_catalog_kinds_and_reject_bad_std()
    {
        Assert.Same(NormalizationParameters.ImageNet, NormalizationParameters.For(InputNormalization.ImageNet));
        Assert.Same(NormalizationParameters.BgrMean, NormalizationParameters.For(InputNormalization.BgrMean));
        Assert.Equal(new ChannelValues(1, 1, 1), NormalizationParameters.BgrMean.Std);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizationParameters(InputNormalization.ImageNet, new(0, 0, 0), new(1, 0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImagePreprocessing(0, NormalizationParameters.ImageNet));
    }

    [Fact]
    public void Masks_are_binarised_above_half_scale_on_their_brightest_channel()
    {
        using var temp = new TempFolder();
        // Columns 0..3 hold 0, 100, 200, 255.
        string gray = TestImages.Png(temp.File("gray_mask.png"), 4, 1, 1, [0, 100, 200, 255]);
        // A red-on-black mask: luminance would be 76/255, the red channel says defect.
        string red = TestImages.Png(temp.File("red_mask.png"), 4, 1, 3, TestImages.Pixels(4, 1, 3, (x, _, c) => x >= 2 && c == 0 ? 255 : 0));

        var preprocessing = new ImagePreprocessing(4, NormalizationParameters.ImageNet);
        using Tensor grayMask = preprocessing.LoadMask(gray);
        using Tensor redMask = preprocessing.LoadMask(red);

        Assert.Equal(new long[] { 1, 4, 4 }, grayMask.shape);
        float[] expectedRow = [0, 0, 1, 1];
        Assert.Equal(Enumerable.Repeat(expectedRow, 4).SelectMany(r => r), Values(grayMask));
        Assert.Equal(Enumerable.Repeat(expectedRow, 4).SelectMany(r => r), Values(redMask));
    }

    [Fact]
    public void Masks_are_resized_with_nearest_sampling_and_stay_binary()
    {
        using var temp = new TempFolder();
        // 5×5 with only the centre pixel set: at 10×10 it must be exactly the 2×2 block under it.
        string path = TestImages.Mask(temp.File("dot.png"), 5, 5, (x, y) => x == 2 && y == 2);

        using Tensor mask = new ImagePreprocessing(10, NormalizationParameters.ImageNet).LoadMask(path);

        float[] v = Values(mask);
        Assert.All(v, value => Assert.True(value is 0f or 1f));
        var set = Enumerable.Range(0, 100).Where(i => v[i] == 1f).Select(i => (X: i % 10, Y: i / 10)).ToList();
        Assert.Equal([(4, 4), (5, 4), (4, 5), (5, 5)], set);
    }

    [Fact]
    public void A_mask_whose_size_differs_from_its_image_is_an_error_naming_both()
    {
        using var temp = new TempFolder();
        string image = TestImages.Png(temp.File("test/scratch/000.png"), 16, 12, 3);
        string mask = TestImages.Mask(temp.File("ground_truth/scratch/000_mask.png"), 12, 16, (_, _) => true);

        var error = Assert.Throws<DatasetException>(() =>
            new ImagePreprocessing(8, NormalizationParameters.ImageNet).LoadSample(new DatasetSample(image, mask, true, "scratch")));

        Assert.Equal(mask, error.Path);
        Assert.Contains("12×16", error.Reason);
        Assert.Contains("16×12", error.Reason);
        Assert.Contains(image, error.Reason);
    }

    [Fact]
    public void A_sample_without_a_mask_gets_an_empty_mask()
    {
        using var temp = new TempFolder();
        string image = TestImages.Png(temp.File("good.png"), 16, 16, 3);

        (Tensor rgb, Tensor mask) = new ImagePreprocessing(8, NormalizationParameters.ImageNet).LoadSample(new DatasetSample(image, null, false, "good"));
        using (rgb)
        using (mask)
        {
            Assert.Equal(new long[] { 3, 8, 8 }, rgb.shape);
            Assert.Equal(new long[] { 1, 8, 8 }, mask.shape);
            Assert.Equal(0f, mask.abs().sum().item<float>());
        }
    }
}
