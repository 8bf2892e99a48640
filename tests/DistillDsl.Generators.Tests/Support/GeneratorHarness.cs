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
