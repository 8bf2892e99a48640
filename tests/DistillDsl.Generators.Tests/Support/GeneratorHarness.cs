using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DistillDsl.Generators.Tests.Support;

/// <summary>Runs <see cref="DistillGraphGenerator"/> the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> configs) => CSharpGeneratorDriver.Create(
        new[] { new DistillGraphGenerator().AsSourceGenerator() },
        configs,
        TestCompilation.ParseOptions,
        optionsProvider: null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>One run over <paramref name="configs"/> in a fresh driver.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> configs) => Run(CreateDriver(configs), TestCompilation.Create());

    /// <summary>One config through the generator: no diagnostics, output that compiles without warnings, and the graph's
    /// source locked in the snapshot <c>Generator/&lt;GraphClass&gt;.g</c>.</summary>
    public static void AssertGeneratesCleanlyAsSnapshotted(string fileName, string yaml, string graphClass)
    {
        var run = Run([new InMemoryAdditionalText(fileName, yaml)]);

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.Diagnostics);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Snapshot.Match(run.Sources[graphClass + ".g.cs"], $"Generator/{graphClass}.g", "cs");
    }

    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult().Results.Single(), output, diagnostics);
    }
}

/// <param name="Diagnostics">What the generator reported, plus the driver's own (CS8785 when the generator throws).</param>
internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
