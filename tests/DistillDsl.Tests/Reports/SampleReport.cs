using DistillDsl.Evaluation;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;
using DistillDsl.Tests.Metrics;

namespace DistillDsl.Tests.Reports;

/// <summary>A small evaluation to write reports of: 4 normal images, 3 "crack", 2 "blow|hole" (a pipe, for Markdown cells),
/// paths with a comma, a quote, a line break and non-ASCII letters (for CSV quoting), pixel metrics from the metrics fixture,
/// one raw score that differs from its score, one skipped image.</summary>
internal static class SampleReport
{
    public static readonly ScoredImage[] Images =
    [
        new("test/good/000.png", "good", false, 0.11f, "heatmaps/good_000.png", RawScore: 2.75f),
        new("test/good/001, copy.png", "good", false, 0.25f, null),
        new("test/good/\"quoted\".png", "good", false, 0.30000001f, null),
        new("test/good/line\nbreak.png", "good", false, 0.2f, null),
        new("test/crack/000.png", "crack", true, 0.9f, "heatmaps/crack_000.png"),
        new("test/crack/ünïcode.png", "crack", true, 0.28f, null),
        new("test/crack/002.png", "crack", true, 1.5e-8f, null),
        new("test/blow|hole/000.png", "blow|hole", true, 0.7f, null),
        new("test/blow|hole/001.png", "blow|hole", true, 0.35f, null),
    ];

    public static EvaluationReport Create(bool withPixels = true, bool withThreshold = true)
    {
        MetricsReference.PixelCase pixels = MetricsReference.PixelCases()[0];
        return new EvaluationReport(
            "reduced-student-paper", "sha256:0123abcd", "cache/resnet18-f37072fd.pth", 42, Images,
            ImageMetrics.Compute(Images.Select(i => i.Score).ToArray(), Images.Select(i => i.IsAnomalous).ToArray()),
            withPixels ? PixelMetrics.Compute(pixels.Maps, pixels.Masks, pixels.Width, pixels.Height) : null,
            new RunTimings(123.4, 4.5, 17.75),
            new MachineInfo("Test CPU @ 2.0GHz", 2, 2, "cpu", "Debian GNU/Linux 12", ".NET 10.0.0"),
            withThreshold ? AnomalyThreshold.FromQuantile([0.11f, 0.25f, 0.3f, 0.2f], 0.99) : null,
            new ScoringInfo(ScoreKind.Max, null, ScoreNormalization.None, 256, 256, 0.01f, 1.5f),
            [new SkippedImage("test/good/bad.png", "test/good/bad.png", "truncated PNG: the IEND chunk is missing.")]);
    }
}
