using DistillDsl.Spec.Parsing;

namespace DistillDsl.Spec.Tests;

/// <summary>The configs the accuracy bench chose among (bench/DistillDsl.Bench/candidates) stay valid.</summary>
public class BenchCandidateConfigTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "bench-candidates");

    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void The_candidates_are_there()
    {
        Assert.True(FileNames().Count >= 4, $"expected the bench's candidate configs in {Folder}");
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void A_candidate_parses_without_diagnostics_and_says_what_it_is(string fileName)
    {
        string text = File.ReadAllText(Path.Combine(Folder, fileName));
        var result = DistillConfigParser.Parse("bench/DistillDsl.Bench/candidates/" + fileName, text);

        Assert.Equal("", string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Spec!.Name);
        Assert.StartsWith("# Candidate for texture_best:", text);
    }
}
