using DistillDsl.Cli;

namespace DistillDsl.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void The_demo_trains_evaluates_and_writes_one_heat_map_per_test_image()
    {
        // A small run of the README's main job: ImageNet teacher from the ML.NET ONNX model, synthetic fabric at 64 px.
        string output = Directory.CreateTempSubdirectory("demo-").FullName;
        try
        {
            var writer = new StringWriter();
            var options = DemoOptions.Parse(["--output", output, "--epochs", "2", "--train-images", "10", "--image-size", "64", "--batch-size", "4"]);
            int exitCode = DemoCommand.Run(options, writer);

            Assert.Equal(0, exitCode);
            string text = writer.ToString();
            Assert.Contains("| image AUROC | pixel AUROC | pixel AUPRO |", text);
            Assert.Matches(@"\| reduced_student_code \| fabric \| 2 \([12]\) \| [01]\.\d{3} \| [01]\.\d{3} \| [01]\.\d{3} \|", text);
            Assert.True(File.Exists(Path.Combine(output, "checkpoints", "best.ckpt")));
            Assert.True(File.Exists(Path.Combine(output, "report", "report.json")));
            string[] testImages = Directory.GetFiles(Path.Combine(output, "data", "fabric", "test"), "*.png", SearchOption.AllDirectories);
            string[] heatmaps = Directory.GetFiles(Path.Combine(output, "report", "heatmaps"), "*.png");
            Assert.NotEmpty(testImages);
            Assert.Equal(testImages.Length, heatmaps.Length);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("--epochs", "0", "positive integer")]
    [InlineData("--lr", "fast", "positive number")]
    [InlineData("--colour", "red", "Unknown option '--colour'")]
    public void Bad_options_are_named(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DemoOptions.Parse([name, value]));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unknown_family_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => DemoCommand.Run(DemoOptions.Parse(["--family", "velvet", "--output", Path.GetTempPath()]), TextWriter.Null));
        Assert.Contains("fabric, grid, wood, leather, tile", error.Message);
    }
}
