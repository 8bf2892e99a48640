using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Training;

namespace DistillDsl.Tests.Graphs;

/// <summary>Specs for the graph tests: the shipped configs (copied beside the test assembly by the test project) and small
/// YAML snippets, parsed with the same parser as everywhere else.</summary>
internal static class TestSpecs
{
    /// <summary>The input side the graph tests run at: small, so whole graphs run in milliseconds.</summary>
    public const int SmallSide = 64;

    public static string ConfigDirectory => Path.Combine(AppContext.BaseDirectory, "configs");

    /// <summary>Names of the shipped configs (file names without .yaml), for theories.</summary>
    public static TheoryData<string> ShippedConfigNames()
    {
        var names = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(ConfigDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(file));
        }
        return names;
    }

    public static DistillSpec Shipped(string name)
    {
        string path = Path.Combine(ConfigDirectory, name + ".yaml");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>A shipped config at <see cref="SmallSide"/>: see <see cref="AtInput"/>.</summary>
    public static DistillSpec ShippedSmall(string name) => AtInput(Shipped(name), SmallSide);

    public static DistillSpec Parse(string yaml, string path = "test.yaml")
    {
        ParseResult result = DistillConfigParser.Parse(path, yaml);
        return result.Spec ?? throw new InvalidOperationException($"Test config {path} is invalid:\n{string.Join("\n", result.Diagnostics)}");
    }

    /// <summary>The spec at a square input of <paramref name="side"/>: the adaptive pooling sizes (which are absolute) scale
    /// by the same factor, so every tap keeps its relation to the student (<see cref="SpecRescaling.AtImageSize"/>).</summary>
    public static DistillSpec AtInput(DistillSpec spec, int side) => SpecRescaling.AtImageSize(spec, side);

    /// <summary>Gives a graph whose config normalises its maps (<c>validation_quantiles</c>) made-up quantiles, different per
    /// map, as a finished training would measure them; other graphs are returned as they are.</summary>
    public static T WithTestQuantiles<T>(T graph) where T : DistillGraph
    {
        MapNormalizationSpec normalization = graph.Spec.AnomalyMap.Normalization;
        if (!normalization.IsEnabled) return graph;
        graph.MapNormalization = new MapNormalization(normalization.Level, normalization.QuantileA, normalization.QuantileB,
            MapNormalization.KeysOf(graph.Spec).Select((k, i) => new MapQuantiles(k.Teacher, k.Tap, 0.05 + 0.1 * i, 0.4 + 0.3 * i)).ToList());
        return graph;
    }

    /// <summary>A minimal config around teacher entries: <paramref name="teachersYaml"/> is the YAML list under
    /// <c>teachers:</c> (items indented by two spaces); <paramref name="extraYaml"/> adds top-level keys (loss, anomaly_map).</summary>
    public static DistillSpec WithTeachers(string teachersYaml, string extraYaml = "", int side = SmallSide) => Parse(string.Join("\n",
        "name: test_graph",
        "input:",
        $"  size: {side}",
        "teachers:",
        teachersYaml,
        extraYaml,
        "score: max",
        "training:",
        "  optimizer: { kind: sgd, lr: 0.1 }",
        "  epochs: 1",
        "  batch_size: 2"));
}
