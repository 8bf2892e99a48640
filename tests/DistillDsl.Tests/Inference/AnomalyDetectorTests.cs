using DistillDsl.Data;
using DistillDsl.Inference;
using DistillDsl.Metrics;
using DistillDsl.Tests.Data;
using DistillDsl.Tests.Evaluation;
using StbImageSharp;

namespace DistillDsl.Tests.Inference;

[Collection(EvaluationCollection.Name)]
public class AnomalyDetectorTests(EvaluationFixture fixture)
{
    private string[] TestPaths => fixture.Test.Select(s => s.ImagePath).ToArray();

    /// <summary>A threshold in the middle of the test images' raw scores, so both decisions occur.</summary>
    private AnomalyThreshold MedianThreshold() =>
        AnomalyThreshold.FromQuantile(TestPaths.Select(p => fixture.DirectMap(p).RawScore).ToArray(), 0.5);

    [Fact]
    public void Calls_an_image_anomalous_exactly_when_its_raw_score_reaches_the_threshold_and_says_how_it_was_chosen()
    {
        AnomalyThreshold threshold = MedianThreshold();
        var results = new AnomalyDetector(fixture.Graph, threshold) { BatchSize = 3 }.Score(TestPaths).ToList();

        Assert.Equal(TestPaths, results.Select(r => r.ImagePath));
        for (int i = 0; i < results.Count; i++)
        {
            InferenceResult result = results[i];
            Assert.Equal(fixture.DirectMap(result.ImagePath).RawScore, result.Score, 5);
            Assert.Equal(result.Score >= threshold.Value, result.IsAnomalous);
            Assert.Equal(threshold.Value, result.Threshold);
            Assert.Equal(threshold.Description, result.ThresholdStatement);
            Assert.StartsWith("0.5 quantile of 10 normal validation scores", result.ThresholdStatement);
            Assert.Null(result.MapPath);
        }
        Assert.Contains(results, r => r.IsAnomalous);
        Assert.Contains(results, r => !r.IsAnomalous);
    }

    [Fact]
    public void Writes_one_map_picture_per_image_at_the_input_or_the_original_size()
    {
        string folder = fixture.NewFolder("maps");
        string large = TestImages.Png(Path.Combine(fixture.NewFolder("large"), "large.png"), 90, 70, 3);
        string[] paths = [.. TestPaths.Take(3), large];
        var detector = new AnomalyDetector(fixture.Graph, MedianThreshold());

        var atInput = detector.Score(paths, folder).ToList();
        var atOriginal = new AnomalyDetector(fixture.Graph, detector.Threshold) { MapsAtOriginalSize = true }.Score(paths, fixture.NewFolder("original")).ToList();

        Assert.Equal(paths.Length, Directory.GetFiles(folder, "*.png").Length);
        Assert.All(atInput, r => Assert.Equal((2 * EvaluationFixture.Side, EvaluationFixture.Side), PngSize(r.MapPath!)));
        Assert.Equal((2 * 90, 70), PngSize(atOriginal[3].MapPath!));
        Assert.Equal(atInput.Select(r => r.Score), atOriginal.Select(r => r.Score));
    }

    [Fact]
    public void Bad_images_go_to_the_callback_and_the_others_are_scored()
    {
        string folder = fixture.NewFolder("bad");
        string truncated = Path.Combine(folder, "truncated.png");
        byte[] bytes = File.ReadAllBytes(TestPaths[0]);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        string missing = Path.Combine(folder, "missing.png");
        string[] paths = [TestPaths[1], truncated, TestPaths[2], missing, TestPaths[3]];
        var bad = new List<(string Path, Exception Error)>();

        var results = new AnomalyDetector(fixture.Graph, MedianThreshold()) { BatchSize = 2 }
            .Score(paths, onBadImage: (path, error) => bad.Add((path, error))).ToList();

        Assert.Equal([TestPaths[1], TestPaths[2], TestPaths[3]], results.Select(r => r.ImagePath));
        Assert.Equal([truncated, missing], bad.Select(b => b.Path));
        Assert.All(bad, b => Assert.IsType<DatasetException>(b.Error));
        Assert.Contains("truncated PNG", bad[0].Error.Message);
        Assert.Contains("file not found", bad[1].Error.Message);
    }

    [Fact]
    public void Without_a_callback_a_bad_image_is_an_error_naming_it()
    {
        string missing = Path.Combine(fixture.NewFolder("nocallback"), "missing.png");
        var detector = new AnomalyDetector(fixture.Graph, MedianThreshold());
        var error = Assert.Throws<DatasetException>(() => detector.Score([TestPaths[0], missing]).ToList());
        Assert.Equal(missing, error.Path);
    }

    private static (int Width, int Height) PngSize(string path)
    {
        ImageInfo? info = ImageInfo.FromStream(File.OpenRead(path));
        return (info!.Value.Width, info.Value.Height);
    }

    [Fact]
    public void A_map_picture_that_cannot_be_written_is_reported_once_and_every_image_is_still_scored()
    {
        // Root ignores read-only folders, so a folder standing at the second picture's name makes that write fail.
        string folder = fixture.NewFolder("maps-blocked");
        string blocked = Path.Combine(folder, Path.GetFileNameWithoutExtension(TestPaths[1]) + ".png");
        Directory.CreateDirectory(blocked);
        string[] paths = [TestPaths[0], TestPaths[1], TestPaths[2]];
        var failures = new List<string>();

        var results = new AnomalyDetector(fixture.Graph, MedianThreshold()) { BatchSize = 1 }
            .Score(paths, folder, onMapNotWritten: (path, _) => failures.Add(path)).ToList();

        Assert.Equal(paths, results.Select(r => r.ImagePath));
        Assert.True(File.Exists(results[0].MapPath));
        Assert.All(results.Skip(1), r => Assert.Null(r.MapPath));
        Assert.Equal([blocked], failures);
    }

    [Fact]
    public void Without_a_callback_a_map_picture_that_cannot_be_written_throws()
    {
        string file = Path.Combine(fixture.NewFolder("maps-under-a-file"), "a-file");
        File.WriteAllText(file, "a regular file");

        var detector = new AnomalyDetector(fixture.Graph, MedianThreshold());
        Assert.ThrowsAny<IOException>(() => detector.Score(TestPaths, Path.Combine(file, "maps")).ToList());
    }
}
