using DistillDsl.Evaluation;
using DistillDsl.Reports;

namespace DistillDsl.Tests.Evaluation;

/// <summary>A report that cannot be written once the scoring is done loses no metrics and leaves no half of a report. The
/// tests run as root, where a read-only folder is still writable, so the failure is made by a file standing where the
/// evaluator needs a folder.</summary>
[Collection(EvaluationCollection.Name)]
public class GraphEvaluatorWriteFailureTests(EvaluationFixture fixture)
{
    [Fact]
    public void A_report_that_cannot_be_written_is_thrown_with_the_computed_report_and_the_written_files_are_removed()
    {
        string output = fixture.NewFolder("plots-blocked");
        string plots = Path.Combine(output, "plots");
        File.WriteAllText(plots, "a file where the plots folder goes"); // heat maps, scores.csv, report.json, summary.md come first

        var error = Assert.Throws<ReportNotWrittenException>(() =>
            new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output }).Evaluate(fixture.Test));

        Assert.Equal(output, error.Folder);
        Assert.Contains($"'{output}'", error.Message);
        Assert.Equal(fixture.Report.ImageMetrics.Auroc, error.Report.ImageMetrics.Auroc);
        Assert.Equal(fixture.Report.Images.Select(i => i.RawScore), error.Report.Images.Select(i => i.RawScore));
        Assert.Equal([plots], Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public void A_report_folder_under_a_file_is_thrown_with_the_computed_report()
    {
        string file = Path.Combine(fixture.NewFolder("under-a-file"), "a-file");
        File.WriteAllText(file, "a regular file");
        string output = Path.Combine(file, "report");

        var error = Assert.Throws<ReportNotWrittenException>(() =>
            new GraphEvaluator(fixture.Graph, new EvaluationOptions { OutputDirectory = output, WriteHeatmaps = false }).Evaluate(fixture.Test));

        Assert.Equal(output, error.Folder);
        Assert.Equal(fixture.Report.Images.Count, error.Report.Images.Count);
        Assert.True(File.Exists(file));
    }
}
