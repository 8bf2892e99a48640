using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Inference;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Tests.Data;
using DistillDsl.Torch;
using StbImageSharp;

namespace DistillDsl.Tests.Evaluation;

/// <summary>Test sets that are not tidy: images of different sizes, and an unreadable image.</summary>
[Collection(EvaluationCollection.Name)]
public class GraphEvaluatorInputTests(EvaluationFixture fixture)
{
    [Fact]
    public void Overlays_at_original_size_have_each_images_size_and_show_the_original_pixels()
    {
        // Gradient PNGs of four sizes (written by StbImageWriteSharp), two of them defective with a rectangle mask.
        string data = fixture.NewFolder("sizes");
        (int Width, int Height, bool Defect)[] sizes = [(64, 64, false), (96, 80, false), (50, 70, true), (130, 40, true)];
        var samples = sizes.Select((s, k) =>
        {
            string image = TestImages.Png(Path.Combine(data, $"img{k}.png"), s.Width, s.Height, 3);
            string? mask = s.Defect ? TestImages.Mask(Path.Combine(data, $"img{k}_mask.png"), s.Width, s.Height, (x, y) => x > 10 && x < 30 && y > 5 && y < 25) : null;
            return new DatasetSample(image, mask, s.Defect, s.Defect ? "rect" : "good");
        }).ToList();
        string output = fixture.NewFolder("sizes-report");

        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output, MapsAtOriginalSize = true }).Evaluate(samples);

        for (int k = 0; k < sizes.Length; k++)
        {
            ImageResult overlay = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(output, report.Images[k].HeatmapPath!)), ColorComponents.RedGreenBlue);
            Assert.Equal((2 * sizes[k].Width, sizes[k].Height), (overlay.Width, overlay.Height));
            // The left half is the original image, pixel for pixel (not the 64² network input scaled back).
            ImageResult original = ImageResult.FromMemory(File.ReadAllBytes(samples[k].ImagePath), ColorComponents.RedGreenBlue);
            for (int y = 0; y < original.Height; y += 7)
            {
                for (int x = 0; x < original.Width; x += 5)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        Assert.Equal(original.Data[(y * original.Width + x) * 3 + c], overlay.Data[(y * overlay.Width + x) * 3 + c]);
                    }
                }
            }
        }
        // The mask outline is drawn white on the right half of a defective image, at the original coordinates (x = 11, y = 15).
        ImageResult defective = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(output, report.Images[2].HeatmapPath!)), ColorComponents.RedGreenBlue);
        int outline = (15 * defective.Width + 50 + 11) * 3;
        Assert.Equal([255, 255, 255], defective.Data[outline..(outline + 3)]);
    }

    [Fact]
    public void A_truncated_image_is_skipped_and_reported_and_the_rest_evaluated()
    {
        string folder = fixture.NewFolder("truncated");
        DatasetSample victim = fixture.Test[5];
        string broken = Path.Combine(folder, Path.GetFileName(victim.ImagePath));
        byte[] bytes = File.ReadAllBytes(victim.ImagePath);
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);
        var samples = fixture.Test.Select(s => s == victim ? s with { ImagePath = broken } : s).ToList();
        string output = fixture.NewFolder("truncated-report");

        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output, BadImages = BadSamplePolicy.SkipAndReport })
            .Evaluate(samples);

        SkippedImage skipped = Assert.Single(report.Skipped!);
        Assert.Equal(broken, skipped.ImagePath);
        Assert.Equal(broken, skipped.FileAtFault);
        Assert.Contains("truncated PNG", skipped.Reason);
        Assert.Equal(samples.Count - 1, report.Images.Count);
        Assert.DoesNotContain(report.Images, i => i.ImagePath == broken);
        Assert.Equal(samples.Count - 1, report.ImageMetrics.ImageCount);
        Assert.Equal(samples.Count - 1, report.PixelMetrics!.ImageCount);
        Assert.Equal(samples.Count - 1, Directory.GetFiles(Path.Combine(output, ReportLayout.HeatmapFolder)).Length);
        Assert.Equal(broken, Assert.Single(ReportJson.Read(Path.Combine(output, "report.json")).SkippedImages).FileAtFault);
        Assert.Contains(broken, File.ReadAllText(Path.Combine(output, "summary.md")));
    }

    [Fact]
    public void By_default_an_unreadable_image_stops_the_evaluation_naming_it()
    {
        string missing = Path.Combine(fixture.NewFolder("missing"), "gone.png");
        var samples = fixture.Test.Take(3).Append(new DatasetSample(missing, null, false, "good")).ToList();

        var error = Assert.Throws<DatasetException>(() => new GraphEvaluator(fixture.Graph, new EvaluationOptions()).Evaluate(samples));
        Assert.Equal(missing, error.Path);
    }

    [Fact]
    public void A_broken_model_with_non_finite_maps_is_a_clear_error_in_evaluation_and_inference()
    {
        using var broken = new DistillGraph(fixture.Spec, fixture.Graph.Options);
        using (TorchSharp.torch.no_grad())
        {
            foreach (var parameter in broken.StudentParameters()) ScalarArithmetic.FillInPlace(parameter, double.NaN);
        }

        var evaluation = Assert.Throws<InvalidOperationException>(() => new GraphEvaluator(broken, new EvaluationOptions()).Evaluate(fixture.Test));
        Assert.Contains(fixture.Test[0].ImagePath, evaluation.Message);
        Assert.Contains("not finite", evaluation.Message);

        var detector = new AnomalyDetector(broken, AnomalyThreshold.FromQuantile([1f], 1));
        var inference = Assert.Throws<InvalidOperationException>(() => detector.Score([fixture.Test[0].ImagePath], onBadImage: (_, _) => { }).ToList());
        Assert.Contains(fixture.Test[0].ImagePath, inference.Message);
    }
}
