using DistillDsl.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DistillDsl.Generators.Tests;

/// <summary>The pipeline caches: a run with nothing changed (or only C# code changed) re-runs no step, and editing one
/// config re-runs only that config's steps. Checked on every tracked step (<see cref="TrackingNames"/>).</summary>
public class IncrementalityTests
{
    [Fact]
    public void ASecondRunWithNoChangeIsCachedInEveryTrackedStep()
    {
        var compilation = TestCompilation.Create();
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(ShippedConfigs.All()), compilation);

        var second = GeneratorHarness.Run(first.Driver, compilation);

        AssertAllStepsReusedTheirOutputs(second.Result);
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void EditingCSharpCodeReRunsNoTrackedStep()
    {
        var compilation = TestCompilation.Create();
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(ShippedConfigs.All()), compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Added { } }", TestCompilation.ParseOptions));
        var second = GeneratorHarness.Run(first.Driver, edited);

        AssertAllStepsReusedTheirOutputs(second.Result);
    }

    [Fact]
    public void EditingOneConfigRegeneratesOnlyThatConfig()
    {
        var configs = ShippedConfigs.All();
        var compilation = TestCompilation.Create();
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(configs), compilation);
        var stpm = configs.Single(c => c.Path == "configs/stpm.yaml");
        var editedStpm = new InMemoryAdditionalText(stpm.Path, stpm.Text.Replace("epochs: 100", "epochs: 101"));
        Assert.NotEqual(stpm.Text, editedStpm.Text);

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(stpm, editedStpm), compilation);

        int others = configs.Count - 1;
        AssertReasons(second.Result, TrackingNames.ConfigFiles, modified: 1, reused: others);
        AssertReasons(second.Result, TrackingNames.ParsedConfigs, modified: 1, reused: others);
        AssertReasons(second.Result, TrackingNames.ParseDiagnostics, modified: 0, reused: configs.Count); // still none for stpm
        AssertReasons(second.Result, TrackingNames.GraphSources, modified: 1, reused: others);
        AssertReasons(second.Result, TrackingNames.ConfigNames, modified: 0, reused: 1); // no name changed
        AssertReasons(second.Result, TrackingNames.Registry, modified: 0, reused: 1);

        var changedSources = second.Sources.Where(s => first.Sources[s.Key] != s.Value).Select(s => s.Key);
        Assert.Equal(new[] { "StpmGraph.g.cs" }, changedSources);
        Assert.Contains("epochs: 101", second.Sources["StpmGraph.g.cs"]);
    }

    [Fact]
    public void RenamingOneConfigRebuildsTheRegistryButLeavesTheOtherGraphsAlone()
    {
        var configs = ShippedConfigs.All();
        var compilation = TestCompilation.Create();
        var first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(configs), compilation);
        var stpm = configs.Single(c => c.Path == "configs/stpm.yaml");
        var renamed = new InMemoryAdditionalText(stpm.Path, stpm.Text.Replace("name: stpm", "name: stpm_renamed"));

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(stpm, renamed), compilation);

        AssertReasons(second.Result, TrackingNames.ConfigNames, modified: 1, reused: 0);
        AssertReasons(second.Result, TrackingNames.Registry, modified: 1, reused: 0);
        // The other graphs are recomputed (their input includes the name list) but come out equal.
        var graphReasons = Reasons(second.Result, TrackingNames.GraphSources);
        Assert.Equal(1, graphReasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(configs.Count - 1, graphReasons.Count(r => r == IncrementalStepRunReason.Unchanged));
        Assert.Contains("StpmRenamedGraph.g.cs", second.Sources.Keys);
        Assert.DoesNotContain("StpmGraph.g.cs", second.Sources.Keys);
    }

    private static void AssertAllStepsReusedTheirOutputs(GeneratorRunResult result)
    {
        foreach (string step in TrackingNames.All)
        {
            var reasons = Reasons(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
    }

    private static void AssertReasons(GeneratorRunResult result, string step, int modified, int reused)
    {
        var reasons = Reasons(result, step);
        Assert.True(modified == reasons.Count(r => r == IncrementalStepRunReason.Modified), $"{step}: {string.Join(", ", reasons)}");
        Assert.True(reused == reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), $"{step}: {string.Join(", ", reasons)}");
        Assert.Equal(modified + reused, reasons.Count);
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
}
