using System.Text.RegularExpressions;
using DistillDsl.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace DistillDsl.Generators.Tests;

/// <summary>Seeded random edits of the shipped configs never crash the generator: each run reports DD errors and emits
/// nothing for the config, or reports nothing and emits a graph that compiles.</summary>
public class FuzzTests
{
    private const int Seed = 20230219;
    private const int Edits = 300;
    private const int CompiledVariants = 25;

    private static readonly string[] Tokens =
    {
        "", "[", "]", "{", "}", ":", "- x", "&a", "*a", "null", "~", "'q", "\"", "yes", "[1, [2]]", "{a: 1}", "layer1",
        "stem", "resnet18", "efficientnet_b0", "modulate", "topk_mean", "-", "?", "|", ">", "\t", "0", "-3", "1e400", "NaN",
        "{ kind: avg, kernel: 99 }", "{ kind: adaptive_avg, size: [1, 0] }", "!!binary AAAA", "%", "@", "`", "\"\"\"", "a__b",
        "x\u2028y", "{ kind: adaptive_avg, size: 3 }", "head", "stage7",
    };

    private static readonly string[] Numbers = { "0", "-1", "1", "2", "3", "7", "0.5", "1e9", "65536", "999999999999", "-0.0", "1.5e-300", "250" };

    [Fact]
    public void RandomEditsGiveErrorsOrCompilingCodeAndNeverCrashTheGenerator()
    {
        var random = new Random(Seed);
        var configs = ShippedConfigs.All().Select(c => c.Text).Append(TinyConfig.Valid).ToList();
        int valid = 0, invalid = 0, compiled = 0;
        for (int i = 0; i < Edits; i++)
        {
            string text = configs[random.Next(configs.Count)];
            int editCount = 1 + random.Next(3);
            for (int e = 0; e < editCount; e++) text = Edit(text, random);

            var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("configs/fuzz.yaml", text) });

            Assert.True(run.Result.Exception is null, $"{run.Result.Exception}\n{text}");
            Assert.All(run.Diagnostics, d => Assert.True(d.Id.StartsWith("DD", StringComparison.Ordinal), $"{d}\n{text}"));
            Assert.All(run.Diagnostics, d => Assert.Equal("configs/fuzz.yaml", d.Location.GetLineSpan().Path));
            bool hasErrors = run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (hasErrors)
            {
                invalid++;
                Assert.Empty(run.Result.GeneratedSources);
                continue;
            }
            valid++;
            Assert.Equal(2, run.Result.GeneratedSources.Length);
            if (compiled < CompiledVariants)
            {
                compiled++;
                var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
                Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + text);
            }
        }
        // The edits must exercise both outcomes, or the test proves little.
        Assert.True(valid > 15 && invalid > 100, $"{valid} valid, {invalid} invalid");
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
