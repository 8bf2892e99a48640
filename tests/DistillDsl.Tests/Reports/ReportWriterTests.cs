using DistillDsl.Reports;
using DistillDsl.Tests.Data;
using StbImageSharp;

namespace DistillDsl.Tests.Reports;

public class ReportWriterTests
{
    [Fact]
    public void Writes_every_file_of_the_layout_and_no_temporary_ones()
    {
        using var temp = new TempFolder();
        ReportLayout files = ReportWriter.Write(SampleReport.Create(), temp.Path);

        foreach (string path in new[] { files.ScoresCsv, files.ReportJson, files.SummaryMarkdown, files.RocCurvesPng, files.ScoreHistogramPng })
        {
            Assert.True(File.Exists(path), $"missing {path}");
            Assert.StartsWith(temp.Path, path);
        }
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(5, Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_font_is_found_on_this_machine_so_plots_carry_text()
    {
        // Debian 12's fonts-dejavu-core is in the base image (DejaVu Sans registered by path); Windows and macOS have system fonts.
        string? family = PlotFonts.Ensure();
        Assert.NotNull(family);
        if (OperatingSystem.IsLinux()) Assert.Equal("DejaVu Sans", family);
    }

    [Fact]
    public void The_roc_picture_decodes_and_shows_both_curves_and_a_title()
    {
        byte[] png = RocPlot.RenderPng(SampleReport.Create().ImageMetrics, SampleReport.Create().PixelMetrics);
        ImageResult image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);

        Assert.Equal((640, 560), (image.Width, image.Height));
        Assert.InRange(NonWhiteFraction(image), 0.02, 0.6);
        Assert.True(CountNear(image, 0x1f, 0x77, 0xb4) > 200, "the blue image-level curve is missing");
        Assert.True(CountNear(image, 0xff, 0x7f, 0x0e) > 200, "the orange pixel-level curve is missing");
        Assert.True(DarkPixelsInTopBand(image) > 50, "no title text drawn: was a font found?");
    }

    [Fact]
    public void The_histogram_picture_decodes_and_shows_a_line_per_defect_type()
    {
        EvaluationReport report = SampleReport.Create();
        byte[] png = ScoreHistogramPlot.RenderPng(ScoreHistogram.Compute(report.Images), report.Threshold?.Value);
        ImageResult image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);

        Assert.Equal((800, 500), (image.Width, image.Height));
        Assert.InRange(NonWhiteFraction(image), 0.02, 0.6);
        // good blue, blow|hole orange, crack green (ScoreHistogram orders normal types first, then by name).
        Assert.True(CountNear(image, 0x1f, 0x77, 0xb4) > 100, "no blue line");
        Assert.True(CountNear(image, 0xff, 0x7f, 0x0e) > 100, "no orange line");
        Assert.True(CountNear(image, 0x2c, 0xa0, 0x2c) > 100, "no green line");
        Assert.True(DarkPixelsInTopBand(image) > 50, "no title text drawn: was a font found?");
    }

    [Fact]
    public void A_set_with_one_class_still_gets_its_pictures()
    {
        using var temp = new TempFolder();
        EvaluationReport report = SampleReport.Create(withPixels: false) with
        {
            Images = SampleReport.Images.Where(i => !i.IsAnomalous).ToArray(),
            ImageMetrics = DistillDsl.Metrics.ImageMetrics.Compute([0.11f, 0.25f, 0.3f, 0.2f], [false, false, false, false]),
        };
        ReportLayout files = ReportWriter.Write(report, temp.Path);
        Assert.Equal(640, ImageResult.FromMemory(File.ReadAllBytes(files.RocCurvesPng)).Width);
    }

    private static double NonWhiteFraction(ImageResult image)
    {
        int nonWhite = 0;
        for (int i = 0; i < image.Data.Length; i += 3)
        {
            if (image.Data[i] < 240 || image.Data[i + 1] < 240 || image.Data[i + 2] < 240) nonWhite++;
        }
        return nonWhite / (double)(image.Width * image.Height);
    }

    private static int CountNear(ImageResult image, int r, int g, int b)
    {
        int count = 0;
        for (int i = 0; i < image.Data.Length; i += 3)
        {
            if (Math.Abs(image.Data[i] - r) + Math.Abs(image.Data[i + 1] - g) + Math.Abs(image.Data[i + 2] - b) < 40) count++;
        }
        return count;
    }

    // The title is drawn in black above the plot area; without a font that band stays white.
    private static int DarkPixelsInTopBand(ImageResult image)
    {
        int dark = 0;
        for (int y = 0; y < 30; y++)
        {
            for (int x = image.Width / 4; x < image.Width * 3 / 4; x++)
            {
                int i = (y * image.Width + x) * 3;
                if (image.Data[i] < 100 && image.Data[i + 1] < 100 && image.Data[i + 2] < 100) dark++;
            }
        }
        return dark;
    }
}
