using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Shapes;
using DistillDsl.Tests.Shared;

namespace DistillDsl.Spec.Tests;

/// <summary>Seeded random edits of the shipped configs (and the diagnostic tests' small config) never crash the parser: each gives a spec or errors, never both,
/// never neither, and every diagnostic points inside the file.</summary>
public class FuzzTests
{
    private const int Seed = 20230219;
    private const int Edits = 600;

    [Fact]
    public void RandomEditsGiveASpecOrDiagnosticsAndNeverThrow()
    {
        var random = new Random(Seed);
        var configs = ShippedConfigs.Paths.Select(File.ReadAllText).Append(TestConfigs.Valid).ToList();
        int specs = 0, failures = 0;
        for (int i = 0; i < Edits; i++)
        {
            string text = configs[random.Next(configs.Count)];
            text = ConfigEdits.Edited(text, random);

            var result = DistillConfigParser.Parse("fuzz.yaml", text);

            int lineCount = text.Split('\n').Length;
            Assert.True(result.Spec is null == result.HasErrors, $"spec and errors disagree for:\n{text}");
            Assert.All(result.Diagnostics, d =>
            {
                Assert.Equal("fuzz.yaml", d.Span.FilePath);
                Assert.InRange(d.Span.StartLine, 1, lineCount + 1);
                Assert.True(d.Span.StartColumn >= 1);
                Assert.False(string.IsNullOrWhiteSpace(d.Message));
            });
            if (result.Spec is { } spec)
            {
                specs++;
                // A valid spec's shapes can always be computed (the generator and runtime do it).
                foreach (var teacher in spec.Teachers) ShapeInference.StudentOutputs(teacher, BackboneCatalog.Get(teacher.Backbone), spec.Input);
            }
            else
            {
                failures++;
            }
        }
        // The edits must exercise both outcomes, or the test proves little.
        Assert.True(specs > 20 && failures > 100, $"{specs} specs, {failures} failures");
    }
}
