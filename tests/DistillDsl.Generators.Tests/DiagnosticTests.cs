using DistillDsl.Generators.Diagnostics;
using DistillDsl.Generators.Tests.Support;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Parsing;
using Microsoft.CodeAnalysis;

namespace DistillDsl.Generators.Tests;

/// <summary>Config problems reach the compiler as errors with the parser's ID and message, located at the YAML file,
/// line and column (what `dotnet build` prints as <c>configs/tiny.yaml(18,5): error DD0002: ...</c>).</summary>
public class DiagnosticTests
{
    public static TheoryData<string, string, string, string, int, int> Cases() => new()
    {
        // description, old text, new text, expected ID, line, column (1-based)
        { "malformed YAML", "    taps: [stage3]\n", "    taps: [stage3\n", "DD0001", 19, 11 },
        { "unknown key", "    alpha: 0.1", "    alpah: 0.1", "DD0002", 18, 5 },
        { "missing required key", "    backbone: efficientnet_b0\n", "", "DD0003", 16, 5 },
        { "wrong value type", "  epochs: 1", "  epochs: many", "DD0004", 27, 11 },
        { "zero alpha", "    alpha: 0.1", "    alpha: 0", "DD0007", 18, 12 },
        { "unknown score kind", "  kind: max", "  kind: median", "DD0012", 24, 9 },
        { "unknown combination kind", "  combine: { kind: modulate, modulated: resnet, modulating: effnet, normalize: minmax }", "  combine: average", "DD0013", 22, 12 },
        { "unknown backbone", "    backbone: efficientnet_b0", "    backbone: resnet50", "DD0014", 17, 15 },
        { "unknown tap", "    taps: [stage3]", "    taps: [stage9]", "DD0015", 19, 12 },
        { "duplicate teacher name", "  - name: effnet", "  - name: resnet", "DD0016", 16, 11 },
        { "pooling leaves less than 1x1", "pool: { kind: avg, kernel: 2 }", "pool: { kind: avg, kernel: 16 }", "DD0018", 10, 15 },
        { "shape mismatch", "- { name: layer2, stride: 4 }", "- { name: layer2, stride: 2 }", "DD0023", 15, 11 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfigErrorsBecomeCompilerErrorsAtTheYamlPosition(string description, string oldText, string newText, string id, int line, int column)
    {
        string yaml = TinyConfig.With(oldText, newText);

        var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(TinyConfig.Path, yaml) });

        Assert.Null(run.Result.Exception);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        FileLinePositionSpan position = diagnostic.Location.GetLineSpan();
        Assert.Equal(TinyConfig.Path, position.Path);
        Assert.True((line, column) == (position.StartLinePosition.Line + 1, position.StartLinePosition.Character + 1),
            $"{description}: expected ({line},{column}), got {diagnostic}");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith($"{TinyConfig.Path}({line},{column}): error {id}: ", diagnostic.ToString());
        Assert.Empty(run.Result.GeneratedSources);
    }

    /// <summary>The compiler sees exactly the parser's diagnostics: same IDs, messages and positions, none lost or added.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void CompilerDiagnosticsAreExactlyTheParsersDiagnostics(string description, string oldText, string newText, string id, int line, int column)
    {
        string yaml = TinyConfig.With(oldText, newText);
        var parsed = DistillConfigParser.Parse(TinyConfig.Path, yaml);

        var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(TinyConfig.Path, yaml) });

        var expected = parsed.Diagnostics.Select(d => (d.Id, d.Message, d.Span.StartLine, d.Span.StartColumn));
        var actual = run.Diagnostics.Select(d => (d.Id, d.GetMessage(), d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1));
        Assert.Equal(expected.OrderBy(d => d.ToString()), actual.OrderBy(d => d.ToString()));
        Assert.True(parsed.Diagnostics.Any(d => d.Id == id && d.Span.StartLine == line && d.Span.StartColumn == column), $"{description}: the parser itself reports {id} at ({line},{column})");
    }

    [Fact]
    public void WindowsLineEndingsGiveTheSamePositionsAndTextSpansInTheFileAsRead()
    {
        string yaml = TinyConfig.With("    alpha: 0.1", "    alpah: 0.1").Replace("\n", "\r\n");

        var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(TinyConfig.Path, yaml) });

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("DD0002", diagnostic.Id);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(17, 4), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal("alpah", yaml.Substring(diagnostic.Location.SourceSpan.Start, 5));
    }

    [Fact]
    public void AnEmptyFileIsReportedAtItsStart()
    {
        var run = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("configs/empty.yaml", "") });

        Assert.Null(run.Result.Exception);
        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.Diagnostics, d =>
        {
            Assert.StartsWith("DD", d.Id);
            Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(0, 0), d.Location.GetLineSpan().StartLinePosition);
        });
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void TwoConfigsWithOneNameAreAnErrorAtTheSecondsName()
    {
        var first = new InMemoryAdditionalText("configs/a.yaml", TinyConfig.Valid);
        var second = new InMemoryAdditionalText("configs/b.yaml", TinyConfig.With("  epochs: 1", "  epochs: 2"));

        var run = GeneratorHarness.Run(new[] { second, first });

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(GeneratorDiagnostics.DuplicateConfigName.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("configs/b.yaml(1,7): error DD0100: ", diagnostic.ToString());
        Assert.Contains("configs/a.yaml", diagnostic.GetMessage());
        Assert.Equal(new[] { "CompiledConfigs.g.cs", "TinyGraph.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Contains("TinyGraph.ConfigName,", run.Sources["CompiledConfigs.g.cs"]);
        Assert.Contains("epochs: 1", run.Sources["TinyGraph.g.cs"]);
    }

    [Fact]
    public void OnlyYamlAdditionalFilesAreConfigs()
    {
        var run = GeneratorHarness.Run(new[]
        {
            new InMemoryAdditionalText("configs/notes.txt", "not: a config"),
            new InMemoryAdditionalText("configs/tiny.YAML", TinyConfig.Valid),
        });

        Assert.Empty(run.Diagnostics);
        Assert.Equal(new[] { "CompiledConfigs.g.cs", "TinyGraph.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryCatalogDiagnosticHasARoslynDescriptor()
    {
        var descriptors = RoslynDiagnostics.All.ToDictionary(d => d.Id);

        foreach (DistillDiagnosticDescriptor expected in DiagnosticCatalog.All.Concat(GeneratorDiagnostics.All))
        {
            DiagnosticDescriptor descriptor = descriptors[expected.Id];
            Assert.Equal(expected.Title, descriptor.Title.ToString());
            Assert.Equal(DiagnosticCatalog.Category, descriptor.Category);
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
        }
        Assert.Equal(DiagnosticCatalog.All.Count + GeneratorDiagnostics.All.Count, descriptors.Count);
        Assert.Empty(DiagnosticCatalog.All.Select(d => d.Id).Intersect(GeneratorDiagnostics.All.Select(d => d.Id)));
    }
}
