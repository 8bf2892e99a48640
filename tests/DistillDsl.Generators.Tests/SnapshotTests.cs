using DistillDsl.Generators.Emit;
using DistillDsl.Generators.Tests.Support;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Summary;

namespace DistillDsl.Generators.Tests;

/// <summary>Locks, for every shipped config, the generator's output (one file per config and the registry) and the
/// architecture summary in committed snapshot files (Snapshots/; see Support/Snapshot.cs for how to accept a change).
/// The emitter alone is not snapshotted again: <see cref="GeneratorEmitsWhatTheEmitterEmits"/> ties it to the same files.</summary>
public class SnapshotTests
{
    [Fact]
    public void GeneratorOutputForAllShippedConfigsMatchesSnapshots()
    {
        var run = GeneratorHarness.Run(ShippedConfigs.All());

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.Diagnostics);
        var expectedHintNames = ShippedConfigs.FileNames.Select(n => CSharpNames.GraphClass(Parse(n).Name) + ".g.cs")
            .Append(RegistryEmitter.HintName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expectedHintNames, run.Sources.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var (hintName, source) in run.Sources)
        {
            Snapshot.Match(source, $"Generator/{Path.GetFileNameWithoutExtension(hintName)}", "cs");
        }
    }

    [Fact]
    public void GeneratorEmitsWhatTheEmitterEmits()
    {
        var run = GeneratorHarness.Run(ShippedConfigs.All());

        foreach (string fileName in ShippedConfigs.FileNames)
        {
            GeneratedSource emitted = GraphEmitter.Emit(Parse(fileName), ShippedConfigs.Read(fileName).Replace("\r\n", "\n"));
            Assert.Equal(emitted.Source, run.Sources[emitted.HintName]);
        }
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.Names), MemberType = typeof(ShippedConfigs))]
    public void ArchitectureSummaryMatchesSnapshot(string fileName)
    {
        string summary = ArchitectureSummary.Render(Parse(fileName));

        Snapshot.Match(summary, $"Summary/{Path.GetFileNameWithoutExtension(fileName)}", "txt");
    }

    private static Spec.Model.DistillSpec Parse(string fileName)
    {
        var result = DistillConfigParser.Parse(ShippedConfigs.DisplayPath(fileName), ShippedConfigs.Read(fileName));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }
}
