using DistillDsl.Spec.Parsing;

namespace DistillDsl.Spec.Tests;

public class ShippedConfigTests
{
    [Fact]
    public void EveryConfigOfThePaperAndTheCodeIsShipped()
    {
        var names = ShippedConfigs.Paths.Select(Path.GetFileName).ToHashSet();
        string[] expected =
        {
            "stpm.yaml", "reduced_student_paper.yaml", "reduced_student_code.yaml", "mixed_teacher_paper.yaml",
            "mixed_teacher_code.yaml", "layers_1_2.yaml", "layers_2_3.yaml",
        };
        foreach (string name in expected) Assert.Contains(name, names);
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.FileNames), MemberType = typeof(ShippedConfigs))]
    public void ParsesWithoutDiagnostics(string fileName)
    {
        var result = DistillConfigParser.Parse(ShippedConfigs.DisplayPath(fileName), ShippedConfigs.Read(fileName));

        Assert.Equal("", string.Join(Environment.NewLine, result.Diagnostics));
        Assert.NotNull(result.Spec);
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Spec!.Name);
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.FileNames), MemberType = typeof(ShippedConfigs))]
    public void SaysWhichReadingItFollows(string fileName)
    {
        string text = ShippedConfigs.Read(fileName);
        string header = string.Join("\n", text.Split('\n').TakeWhile(line => line.StartsWith('#')));

        Assert.Contains("Follows:", header);
        Assert.Matches(@"§\d", header);
    }
}
