using System.Text.RegularExpressions;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Tests;

/// <summary>Seeded random edits of the shipped configs (and the diagnostic tests' small config) never crash the parser: each gives a spec or errors, never both,
/// never neither, and every diagnostic points inside the file.</summary>
public class FuzzTests
{
    private const int Seed = 20230219;
    private const int Edits = 600;

    private static readonly string[] Tokens =
    {
        "", "[", "]", "{", "}", ":", "- x", "&a", "*a", "null", "~", "'q", "\"", "yes", "[1, [2]]", "{a: 1}", "layer1",
        "stem", "resnet18", "efficientnet_b0", "modulate", "topk_mean", "-", "?", "|", ">", "\t", "0", "-3", "1e400", "NaN",
        "{ kind: avg, kernel: 99 }", "{ kind: adaptive_avg, size: [1, 0] }", "!!binary AAAA", "%", "@", "`",
    };

    private static readonly string[] Numbers = { "0", "-1", "1", "2", "3", "7", "0.5", "1e9", "65536", "999999999999", "-0.0", "1.5e-300" };

    [Fact]
    public void RandomEditsGiveASpecOrDiagnosticsAndNeverThrow()
    {
        var random = new Random(Seed);
        var configs = ShippedConfigs.Paths.Select(File.ReadAllText).Append(TestConfigs.Valid).ToList();
        int specs = 0, failures = 0;
        for (int i = 0; i < Edits; i++)
        {
            string text = configs[random.Next(configs.Count)];
            int editCount = 1 + random.Next(3);
            for (int e = 0; e < editCount; e++) text = Edit(text, random);

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

    private static string Edit(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        int index = random.Next(lines.Count);
        switch (random.Next(4))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, lines[index]);
                break;
            case 2:
                var numbers = Regex.Matches(text, @"(?<![\w.])\d+(\.\d+)?(e-?\d+)?");
                if (numbers.Count == 0) break;
                var number = numbers[random.Next(numbers.Count)];
                return text.Substring(0, number.Index) + Numbers[random.Next(Numbers.Length)] + text.Substring(number.Index + number.Length);
            default:
                int colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) break;
                lines[index] = lines[index].Substring(0, colon + 2) + Tokens[random.Next(Tokens.Length)];
                break;
        }
        return string.Join("\n", lines);
    }
}
