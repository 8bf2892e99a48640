using System.Text.RegularExpressions;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.Spec.Tests;

/// <summary>docs/config-reference.md stays in step with the parser, the diagnostic catalog and the backbone catalog.</summary>
public class ReferenceDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "config-reference.md"));

    [Fact]
    public void DocumentsEveryKey()
    {
        foreach (string key in ConfigKeys.All.SelectMany(keys => keys).Distinct())
        {
            Assert.True(Doc.Contains($"`{key}`"), $"key '{key}' is not documented");
        }
    }

    [Fact]
    public void DocumentsEveryAllowedValue()
    {
        foreach (string name in YamlSpellings.AllNames.SelectMany(names => names).Distinct())
        {
            Assert.True(Doc.Contains($"`{name}`"), $"value '{name}' is not documented");
        }
    }

    [Fact]
    public void ListsEveryDiagnosticWithItsTitle()
    {
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            // Each row starts with the anchor that the diagnostic's help link points at.
            Assert.Contains($"| <a name=\"{descriptor.Id.ToLowerInvariant()}\"></a>{descriptor.Id} | {descriptor.Title} |", Doc);
        }
    }

    [Fact]
    public void TapTableMatchesTheBackboneCatalog()
    {
        var rows = Regex.Matches(Doc, @"^\| `(?<backbone>[a-z0-9_]+)` \| `(?<tap>[a-z0-9_]+)` \| (?<channels>\d+) \| (?<stride>\d+) \|$", RegexOptions.Multiline)
            .Select(m => (m.Groups["backbone"].Value, m.Groups["tap"].Value, int.Parse(m.Groups["channels"].Value), int.Parse(m.Groups["stride"].Value)))
            .ToList();
        var catalog = BackboneCatalog.All.SelectMany(b => b.Taps.Select(t => (b.Name, t.Name, t.Channels, t.Stride))).ToList();

        Assert.Equal(catalog, rows);
    }
}
