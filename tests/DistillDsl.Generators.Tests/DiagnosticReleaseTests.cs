using System.Collections.Immutable;
using System.Reflection;
using DistillDsl.Generators.Diagnostics;
using DistillDsl.Generators.Tests.Support;
using DistillDsl.Spec.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DistillDsl.Generators.Tests;

/// <summary>Every diagnostic ID is release-tracked (AnalyzerReleases.*.md), documented with an anchor in the config
/// reference, and linked to that anchor when the project names the reference's address.</summary>
public class DiagnosticReleaseTests
{
    private static readonly IReadOnlyList<DistillDiagnosticDescriptor> Catalog = DiagnosticCatalog.All.Concat(GeneratorDiagnostics.All).ToList();

    [Fact]
    public void The_release_tracking_files_list_every_diagnostic_once_with_its_category_severity_and_title()
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadAllLines(Path.Combine(RepositoryRoot, "generators", "DistillDsl.Generators", name)))
            .Where(line => line.StartsWith("DD", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();

        Assert.Equal(Catalog.Select(d => d.Id).Order(StringComparer.Ordinal), rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        foreach (DistillDiagnosticDescriptor descriptor in Catalog)
        {
            string[] row = rows.Single(r => r[0] == descriptor.Id);
            Assert.Equal(DiagnosticCatalog.Category, row[1]);
            Assert.Equal(RoslynDiagnostics.Severity(descriptor.Severity).ToString(), row[2]);
            Assert.Equal(descriptor.Title, row[3]);
        }
    }

    [Fact]
    public void The_config_reference_has_an_anchor_for_every_diagnostic()
    {
        string reference = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "config-reference.md"));

        var missing = Catalog.Where(d => !reference.Contains($"<a name=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id}", StringComparison.Ordinal)).Select(d => d.Id).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void A_diagnostic_links_to_its_anchor_when_the_project_names_the_reference()
    {
        const string page = "https://example.org/docs/config-reference.md";
        var broken = new[] { new InMemoryAdditionalText("configs/tiny.yaml", TinyConfig.With("backbone: efficientnet_b0", "backbone: resnet19")) };

        Diagnostic linked = Assert.Single(RunWith(broken, page));
        Diagnostic unlinked = Assert.Single(GeneratorHarness.Run(broken).Diagnostics);

        Assert.Equal("DD0014", linked.Id);
        Assert.Equal(page + "#dd0014", linked.Descriptor.HelpLinkUri);
        Assert.Equal("", unlinked.Descriptor.HelpLinkUri);
        Assert.Equal(unlinked.GetMessage(), linked.GetMessage());
    }

    private static ImmutableArray<Diagnostic> RunWith(IEnumerable<AdditionalText> configs, string helpUri)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DistillGraphGenerator().AsSourceGenerator() }, configs, TestCompilation.ParseOptions,
            new GlobalOptionsProvider(new Dictionary<string, string> { ["build_property." + RoslynDiagnostics.HelpUriProperty] = helpUri }));
        return GeneratorHarness.Run(driver, TestCompilation.Create()).Diagnostics;
    }

    private static string RepositoryRoot => Path.GetFullPath(Path.Combine(
        typeof(DiagnosticReleaseTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!, "..", ".."));

    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
