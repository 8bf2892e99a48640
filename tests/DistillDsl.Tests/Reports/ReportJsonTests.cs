using System.Globalization;
using System.Text.Json;
using DistillDsl.Reports;
using DistillDsl.Tests.Data;

namespace DistillDsl.Tests.Reports;

public class ReportJsonTests
{
    private static readonly string[] RequiredPaths =
    [
        "schemaVersion", "configName", "configHash", "weightsSource", "seed",
        "metrics.image.imageCount", "metrics.image.anomalousCount", "metrics.image.auroc",
        "metrics.image.f1Max.f1", "metrics.image.f1Max.threshold", "metrics.image.f1Max.precision", "metrics.image.f1Max.recall",
        "metrics.pixel.imageCount", "metrics.pixel.pixelCount", "metrics.pixel.defectPixelCount", "metrics.pixel.defectRegionCount",
        "metrics.pixel.auroc", "metrics.pixel.aupro", "metrics.pixel.auproFprLimit", "metrics.pixel.f1Max.f1", "metrics.pixel.f1Max.threshold",
        "metrics.perDefectType", "metrics.pixelSkipped",
        "scoring.kind", "scoring.normalization", "scoring.mapWidth", "scoring.mapHeight", "scoring.mapMinimum", "scoring.mapMaximum", "scoring.description",
        "skippedImages",
        "threshold.value", "threshold.method", "threshold.parameter", "threshold.normalScoreCount", "threshold.description",
        "timings.trainingSeconds", "timings.evaluationSeconds", "timings.inferenceMillisecondsPerImage", "timings.unfusedReason", "timings.channelsLastRefused",
        "machine.cpuModel", "machine.logicalCores", "machine.torchThreads", "machine.device", "machine.operatingSystem", "machine.dotNetVersion",
        "files.scoresCsv", "files.summaryMarkdown", "files.rocCurvesPng", "files.scoreHistogramPng",
    ];

    [Fact]
    public void Has_every_required_field_with_the_report_values()
    {
        using var temp = new TempFolder();
        EvaluationReport report = SampleReport.Create();
        string path = temp.File("report.json");
        ReportJson.Write(path, ReportDocument.From(report));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = json.RootElement;

        foreach (string required in RequiredPaths) Get(root, required);
        Assert.Equal(6, Get(root, "schemaVersion").GetInt32());
        Assert.Equal(JsonValueKind.Null, Get(root, "scoring.mapNormalization").ValueKind);
        Assert.Equal(JsonValueKind.Null, Get(root, "timings.unfusedReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, Get(root, "timings.channelsLastRefused").ValueKind);
        Assert.Equal(JsonValueKind.Null, Get(root, "metrics.pixelSkipped").ValueKind);
        Assert.Equal("reduced-student-paper", Get(root, "configName").GetString());
        Assert.Equal("sha256:0123abcd", Get(root, "configHash").GetString());
        Assert.Equal("cache/resnet18-f37072fd.pth", Get(root, "weightsSource").GetString());
        Assert.Equal(42, Get(root, "seed").GetInt32());
        Assert.Equal(report.ImageMetrics.Auroc, Get(root, "metrics.image.auroc").GetDouble());
        Assert.Equal(report.ImageMetrics.F1Max!.Threshold, Get(root, "metrics.image.f1Max.threshold").GetSingle());
        Assert.Equal(report.PixelMetrics!.Aupro, Get(root, "metrics.pixel.aupro").GetDouble());
        Assert.Equal(0.3, Get(root, "metrics.pixel.auproFprLimit").GetDouble());
        Assert.Equal("quantile", Get(root, "threshold.method").GetString());
        Assert.Equal("max", Get(root, "scoring.kind").GetString());
        Assert.Equal("none", Get(root, "scoring.normalization").GetString());
        JsonElement skipped = Assert.Single(Get(root, "skippedImages").EnumerateArray());
        Assert.Equal("test/good/bad.png", skipped.GetProperty("fileAtFault").GetString());
        Assert.Equal(17.75, Get(root, "timings.inferenceMillisecondsPerImage").GetDouble());
        Assert.Equal("Test CPU @ 2.0GHz", Get(root, "machine.cpuModel").GetString());
        Assert.Equal("plots/roc-curves_x-fpr_y-tpr.png", Get(root, "files.rocCurvesPng").GetString());

        // Per defect type, by name: "blow|hole" (2 images), "crack" (3).
        var perDefect = Get(root, "metrics.perDefectType").EnumerateArray()
            .Select(e => (e.GetProperty("defectType").GetString()!, e.GetProperty("imageCount").GetInt32())).ToList();
        Assert.Equal(new[] { ("blow|hole", 2), ("crack", 3) }, perDefect);

        // ROC curves are for the pictures, not the JSON.
        Assert.False(Get(root, "metrics.image").TryGetProperty("roc", out _));
        Assert.False(Get(root, "metrics.pixel").TryGetProperty("roc", out _));
    }

    [Fact]
    public void Round_trips_and_writes_the_same_text_again()
    {
        using var temp = new TempFolder();
        string path = temp.File("report.json");
        ReportDocument written = ReportDocument.From(SampleReport.Create());
        ReportJson.Write(path, written);

        ReportDocument read = ReportJson.Read(path);

        Assert.Equal(written.ConfigHash, read.ConfigHash);
        Assert.Equal(written.Metrics.Image.Auroc, read.Metrics.Image.Auroc);
        Assert.Equal(written.Metrics.Image.F1Max, read.Metrics.Image.F1Max);     // records: every member equal
        Assert.Equal(written.Metrics.Pixel!.F1Max, read.Metrics.Pixel!.F1Max);
        Assert.Equal(written.Metrics.Pixel.Aupro, read.Metrics.Pixel.Aupro);
        Assert.Equal(written.Metrics.PerDefectType, read.Metrics.PerDefectType);
        Assert.Equal(written.Threshold, read.Threshold);
        Assert.Equal(written.Scoring, read.Scoring);
        Assert.Equal(written.SkippedImages, read.SkippedImages);
        Assert.Equal(written.Timings, read.Timings);
        Assert.Equal(written.Machine, read.Machine);
        Assert.Equal(written.Files, read.Files);
        Assert.Null(read.Metrics.Image.Roc);
        string again = temp.File("again.json");
        ReportJson.Write(again, read);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
    }

    [Fact]
    public void Undefined_metrics_are_null_and_numbers_invariant_under_a_comma_decimal_culture()
    {
        using var temp = new TempFolder();
        string path = temp.File("report.json");
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            EvaluationReport report = SampleReport.Create(withPixels: false, withThreshold: false) with
            {
                Timings = new RunTimings(null, 4.5, 17.75),
            };
            ReportJson.Write(path, ReportDocument.From(report));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        string text = File.ReadAllText(path);
        Assert.Contains("\"evaluationSeconds\": 4.5", text);
        using JsonDocument json = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Null, Get(json.RootElement, "metrics.pixel").ValueKind);
        Assert.Equal(JsonValueKind.Null, Get(json.RootElement, "threshold").ValueKind);
        Assert.Equal(JsonValueKind.Null, Get(json.RootElement, "timings.trainingSeconds").ValueKind);
    }

    [Fact]
    public void A_broken_file_is_a_clear_error_naming_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("report.json");
        File.WriteAllText(path, "{ \"schemaVersion\": ");
        var error = Assert.Throws<InvalidDataException>(() => ReportJson.Read(path));
        Assert.Contains(path, error.Message);
    }

    private static JsonElement Get(JsonElement root, string dottedPath)
    {
        JsonElement element = root;
        foreach (string name in dottedPath.Split('.'))
        {
            Assert.True(element.TryGetProperty(name, out element), $"report.json lacks '{dottedPath}' (at '{name}')");
        }
        return element;
    }
}
