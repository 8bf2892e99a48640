using System.Text.Json;
using DistillDsl.Evaluation;
using DistillDsl.Reports;
using StbImageSharp;

namespace DistillDsl.Tests.Evaluation;

/// <summary>The files an evaluation with an output folder writes, read back with independent readers.</summary>
[Collection(EvaluationCollection.Name)]
public class GraphEvaluatorReportTests(EvaluationFixture fixture)
{
    [Fact]
    public void Writes_a_report_whose_files_exist_and_parse_with_the_evaluations_values()
    {
        string output = fixture.NewFolder("report");
        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output })
            .Evaluate(fixture.Test, new RunInfo { ConfigHash = "sha256:test", Seed = 11, TrainingSeconds = 2.5 });
        ReportLayout files = ReportLayout.Standard.In(output);

        ReportDocument json = ReportJson.Read(files.ReportJson);
        Assert.Equal(ReportDocument.CurrentSchemaVersion, json.SchemaVersion);
        Assert.Equal("reduced_student_code", json.ConfigName);
        Assert.Equal("sha256:test", json.ConfigHash);
        Assert.Equal(11, json.Seed);
        Assert.Contains("replaced by seeded random weights", json.WeightsSource);
        Assert.Equal(report.ImageMetrics.Auroc, json.Metrics.Image.Auroc);
        Assert.Equal(report.PixelMetrics!.Aupro, json.Metrics.Pixel!.Aupro);
        Assert.Equal(["hole", "scratch", "stain"], json.Metrics.PerDefectType.Select(d => d.DefectType));
        Assert.Equal(Spec.Model.ScoreNormalization.TestSetMinMax, json.Scoring!.Normalization);
        Assert.Empty(json.SkippedImages);
        Assert.Equal(2.5, json.Timings.TrainingSeconds);
        Assert.True(json.Timings.EvaluationSeconds > 0 && json.Timings.InferenceMillisecondsPerImage > 0);
        Assert.Equal("cpu", json.Machine.Device);

        // scores.csv: a header and one row per test image, in the report's order, scores reading back exactly.
        string[] lines = File.ReadAllText(files.ScoresCsv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", ScoresCsv.Columns), lines[0]);
        Assert.Equal(fixture.Test.Count + 1, lines.Length);
        for (int i = 0; i < report.Images.Count; i++)
        {
            string[] row = lines[i + 1].Split(','); // synthetic paths have no comma or quote
            Assert.Equal(report.Images[i].ImagePath, row[0]);
            Assert.Equal(report.Images[i].Score, float.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(report.Images[i].RawScore, float.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture));
        }

        string summary = File.ReadAllText(files.SummaryMarkdown);
        Assert.Contains("# Evaluation of reduced_student_code", summary);
        Assert.Contains("after min-max normalisation of all maps over the test set", summary);
        Assert.Contains("| hole | 2 |", summary);

        foreach (string png in new[] { files.RocCurvesPng, files.ScoreHistogramPng })
        {
            ImageResult picture = ImageResult.FromMemory(File.ReadAllBytes(png), ColorComponents.RedGreenBlue);
            Assert.True(picture.Width > 100 && picture.Height > 100, png);
        }
    }

    [Fact]
    public void Writes_one_overlay_per_test_image_at_the_input_size()
    {
        string output = fixture.NewFolder("heatmaps");
        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output }).Evaluate(fixture.Test);

        string[] pictures = Directory.GetFiles(Path.Combine(output, ReportLayout.HeatmapFolder), "*.png");
        Assert.Equal(fixture.Test.Count, pictures.Length);
        Assert.Equal(pictures.Order(), report.Images.Select(i => Path.Combine(output, i.HeatmapPath!)).Order());
        foreach (string path in pictures)
        {
            ImageResult picture = ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue);
            Assert.Equal((2 * EvaluationFixture.Side, EvaluationFixture.Side), (picture.Width, picture.Height)); // image | overlay
        }
    }

    [Fact]
    public void Without_heatmaps_the_report_has_no_map_files()
    {
        string output = fixture.NewFolder("no-heatmaps");
        EvaluationReport report = new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output, WriteHeatmaps = false }).Evaluate(fixture.Test);
        Assert.All(report.Images, i => Assert.Null(i.HeatmapPath));
        Assert.False(Directory.Exists(Path.Combine(output, ReportLayout.HeatmapFolder)));
        Assert.True(File.Exists(Path.Combine(output, "report.json")));
    }
}
