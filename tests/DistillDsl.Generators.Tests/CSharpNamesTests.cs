using DistillDsl.Generators.Emit;
using Microsoft.CodeAnalysis.CSharp;

namespace DistillDsl.Generators.Tests;

public class CSharpNamesTests
{
    [Theory]
    [InlineData("reduced_student_paper", "ReducedStudentPaper")]
    [InlineData("stpm", "Stpm")]
    [InlineData("layer1", "Layer1")]
    [InlineData("layers_1_2", "Layers_1_2")]
    [InlineData("a__b", "A_B")]
    [InlineData("resnet_", "Resnet_")]
    public void PascalCaseOfSnakeNames(string snake, string pascal)
    {
        Assert.Equal(pascal, CSharpNames.Pascal(snake));
    }

    /// <summary>Every snake_case name up to five characters over a small alphabet gets its own valid C# identifier,
    /// so two configs (or teachers) never generate the same class.</summary>
    [Fact]
    public void DistinctNamesGiveDistinctValidIdentifiers()
    {
        var names = new List<string> { "a", "b" };
        for (int length = 2; length <= 5; length++)
        {
            names.AddRange(names.Where(n => n.Length == length - 1).SelectMany(n => new[] { "a", "b", "1", "_" }.Select(c => n + c)).ToList());
        }

        var identifiers = names.Select(CSharpNames.Pascal).ToList();

        Assert.Equal(names.Count, identifiers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(identifiers, id => Assert.True(SyntaxFacts.IsValidIdentifier(id), id));
        Assert.Equal(2 + 8 + 32 + 128 + 512, names.Count);
    }

    [Fact]
    public void TeacherClassesCannotCollideWithGraphMembers()
    {
        string[] graphMembers = { "ConfigName", "ConfigFileName", "ConfigSha256", "ConfigYaml", "InputHeight", "InputWidth", "LoadSpec", "CompiledSource", "Source", "Features", "ForwardFeatures", "ArchitectureSummary", "Loss", "Score", "AnomalyMap", "Spec" };

        foreach (string teacher in new[] { "config_name", "features", "loss", "score", "spec", "load_spec" })
        {
            Assert.DoesNotContain(CSharpNames.TeacherClass(teacher), graphMembers);
        }
    }
}
