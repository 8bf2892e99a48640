using DistillDsl.Generators.Tests.Support;
using DistillDsl.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace DistillDsl.Generators.Tests;

/// <summary>Seeded random edits of the shipped configs never crash the generator: each run reports DD errors and emits
/// nothing for the config, or reports nothing and emits a graph that compiles.</summary>
public class FuzzTests
{
    private const int Seed = 20230219;
    private const int Edits = 300;
    private const int CompiledVariants = 25;

    [Fact]
    public void RandomEditsGiveErrorsOrCompilingCodeAndNeverCrashTheGenerator()
    {
        var random = new Random(Seed);
        var configs = ShippedConfigs.All().Select(c => c.Text).Append(TinyConfig.Valid).ToList();
        int valid = 0, invalid = 0, compiled = 0;
        for (int i = 0; i < Edits; i++)
        {
            string text = configs[random.Next(configs.Count)];
            text = ConfigEdits.Edited(text, random);

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
}
