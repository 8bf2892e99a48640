using DistillDsl.Spec.Diagnostics;

namespace DistillDsl.Spec.Tests;

/// <summary>One case (at least) per diagnostic of the catalog: each broken config gives exactly that diagnostic,
/// with its ID, a message naming the key and what was expected, and the position of the offending text.</summary>
public class DiagnosticTests
{
    private static readonly Dictionary<string, DiagnosticCase> Cases = new()
    {
        ["malformed yaml"] = new("DD0001",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0: 2"), ": 2",
            "not valid YAML"),
        ["second yaml document"] = new("DD0001",
            TestConfigs.Valid + "---\nname: other\n", "---",
            "not valid YAML", "exactly one YAML document"),
        ["unknown key, with suggestion"] = new("DD0002",
            TestConfigs.With("    alpha: 1.0", "    alpah: 1.0"), "alpah",
            "Unknown key 'alpah'", "'teachers[0]'", "did you mean 'alpha'?", "backbone"),
        ["missing required key"] = new("DD0003",
            TestConfigs.With("    backbone: efficientnet_b0\n", ""), "name: effnet",
            "Missing the required key 'backbone' in 'teachers[1]'", "resnet18, efficientnet_b0"),
        ["wrong value type"] = new("DD0004",
            TestConfigs.With("  epochs: 1", "  epochs: many"), "many",
            "'training.epochs' must be an integer", "'many'"),
        ["unknown enum value"] = new("DD0005",
            TestConfigs.With("{ kind: sgd, lr: 0.1 }", "{ kind: rmsprop, lr: 0.1 }"), "rmsprop",
            "'training.optimizer.kind'", "'rmsprop'", "sgd, adam"),
        ["duplicate key"] = new("DD0006",
            TestConfigs.With("  batch_size: 2", "  batch_size: 2\n  epochs: 3"), "epochs: 3",
            "'epochs' appears twice", "first at line 29"),
        ["zero alpha"] = new("DD0007",
            TestConfigs.With("    alpha: 0.1", "    alpha: 0"), "0\n    taps: [stage3]",
            "'teachers[1].alpha' must be greater than 0", "is 0"),
        ["negative sigma"] = new("DD0007",
            TestConfigs.With("gaussian_sigma: 4", "gaussian_sigma: -1.5"), "-1.5",
            "'anomaly_map.gaussian_sigma' must be greater than 0", "-1.5"),
        ["validation split out of range"] = new("DD0008",
            TestConfigs.With("  batch_size: 2", "  batch_size: 2\n  validation_split: 1.5"), "1.5",
            "'training.validation_split' must be at least 0 and less than 1", "1.5"),
        ["top-k larger than the map"] = new("DD0008",
            TestConfigs.With("  kind: max", "  kind: topk_mean\n  k: 5000"), "5000",
            "'score.k' must be at most the map's 4096 pixels (64×64)", "5000"),
        ["empty tap list"] = new("DD0009",
            TestConfigs.With("taps: [stage3]", "taps: []"), "[]",
            "'teachers[1].taps' must list at least one tap"),
        ["invalid config name"] = new("DD0010",
            TestConfigs.With("name: tiny", "name: Tiny-Config"), "Tiny-Config",
            "'name' must be a snake_case identifier", "'Tiny-Config'"),
        ["key that does not apply to the kind"] = new("DD0011",
            TestConfigs.With("  kind: max", "  kind: max\n  k: 5"), "k: 5",
            "'score.k' does not apply to score kind 'max'"),
        ["unknown score kind"] = new("DD0012",
            TestConfigs.With("  kind: max", "  kind: median"), "median",
            "'score.kind'", "unknown score kind 'median'", "sum, max, topk_mean"),
        ["unknown combination kind"] = new("DD0013",
            TestConfigs.With("{ kind: modulate, modulated: resnet, modulating: effnet, normalize: minmax }", "average"), "average",
            "'anomaly_map.combine.kind'", "unknown combination kind 'average'", "sum, product, modulate"),
        ["unknown backbone"] = new("DD0014",
            TestConfigs.With("backbone: efficientnet_b0", "backbone: resnet50"), "resnet50",
            "'teachers[1].backbone'", "unknown backbone 'resnet50'", "resnet18, efficientnet_b0"),
        ["unknown tap, listing the valid ones"] = new("DD0015",
            TestConfigs.With("taps: [stage3]", "taps: [stage9]"), "stage9",
            "'teachers[1].taps[0]'", "no tap 'stage9'", "stem, stage1, stage2, stage3, stage4, stage5, stage6, stage7, head"),
        ["duplicate teacher name"] = new("DD0016",
            TestConfigs.With(("  - name: effnet", "  - name: resnet"), ("{ kind: modulate, modulated: resnet, modulating: effnet, normalize: minmax }", "sum")), "resnet\n    backbone: efficientnet_b0",
            "'teachers[1].name'", "the teacher 'resnet' is already defined (line 5)"),
        ["duplicate tap"] = new("DD0016",
            TestConfigs.With("taps: [stage3]", "taps: [stage3, stage3]"), "stage3]",
            "'teachers[1].taps[1]'", "the tap 'stage3' is already defined"),
        ["taps out of forward order"] = new("DD0017",
            TestConfigs.With("taps: [stage3]", "taps: [stage3, stage2]"), "stage2",
            "'teachers[1].taps[1]'", "tap 'stage2' must come before tap 'stage3'"),
        ["pooling smaller than 1x1"] = new("DD0018",
            TestConfigs.With("pool: { kind: avg, kernel: 2 }", "pool: { kind: avg, kernel: 16 }"), "{ kind: avg, kernel: 16 }",
            "'teachers[0].taps[1].pool'", "kernel 16", "'layer2'", "128×8×8", "input 64×64", "leaves 0×0", "at least 1×1"),
        ["adaptive pooling larger than the tap"] = new("DD0019",
            TestConfigs.With("pool: { kind: avg, kernel: 2 }", "pool: { kind: adaptive_avg, size: 32 }"), "{ kind: adaptive_avg",
            "'teachers[0].taps[1].pool'", "32×32", "'layer2'", "128×8×8"),
        ["channel pool that does not divide"] = new("DD0020",
            TestConfigs.With("pool: { kind: avg, kernel: 2 }", "pool: { kind: avg, kernel: 2 }\n        channel_pool: 48"), "48",
            "'teachers[0].taps[1].channel_pool'", "128 channels", "48 does not divide"),
        ["reduced student on a non-ResNet teacher"] = new("DD0021",
            TestConfigs.With("student: { kind: light }", "student: { kind: reduced_resnet, stages: [stage1] }"), "{ kind: reduced_resnet",
            "'teachers[1].student'", "built for resnet18 teachers, not efficientnet_b0"),
        ["student that skips a tap"] = new("DD0022",
            TestConfigs.With("      - layer1\n      - name: layer2", "      - stem\n      - layer1\n      - name: layer2"), "kind: reduced_resnet",
            "'teachers[0].student'", "the teacher taps 'stem', but the student produces no output for it", "stem_tap: true"),
        ["student/teacher shape mismatch"] = new("DD0023",
            TestConfigs.With("{ name: layer2, stride: 4 }", "{ name: layer2, stride: 2 }"), "{ name: layer2, stride: 2 }",
            "'teachers[0].student'", "at input 64×64", "tap 'layer2'", "128×4×4", "128×8×8"),
        ["width ratio giving fractional channels"] = new("DD0024",
            TestConfigs.With("student: { kind: light }", "student: { kind: light, width_ratio: 0.3 }"), "{ kind: light",
            "'teachers[1].student.width_ratio'", "0.3 × 32 channels of 'stem' = 9.6"),
        ["modulate with one teacher"] = new("DD0025",
            TestConfigs.With("{ kind: modulate, modulated: resnet, modulating: effnet, normalize: minmax }",
                "{ kind: modulate, modulated: resnet, modulating: resnet, normalize: minmax }"), "resnet, normalize",
            "'anomaly_map.combine'", "exactly two different teachers", "both name 'resnet'"),
        ["modulate naming an unknown teacher"] = new("DD0026",
            TestConfigs.With("modulating: effnet", "modulating: effnett"), "effnett",
            "'anomaly_map.combine.modulating'", "teacher 'effnett'", "resnet, effnet"),
        ["lowest-validation-loss checkpoint without validation images"] = new("DD0027",
            TestConfigs.With("  batch_size: 2", "  batch_size: 2\n  validation_split: 0"), "optimizer:",
            "training.checkpoint: lowest_validation_loss", "validation_split' is 0"),
        ["map normalisation without validation images"] = new("DD0027",
            TestConfigs.With(("  gaussian_sigma: 4", "  gaussian_sigma: 4\n  normalize: validation_quantiles"),
                             ("  batch_size: 2", "  batch_size: 2\n  validation_split: 0\n  checkpoint: last")), "validation_quantiles",
            "anomaly_map.normalize: validation_quantiles", "validation_split' is 0"),
        ["map normalisation quantiles out of order"] = new("DD0029",
            TestConfigs.With("  gaussian_sigma: 4", "  gaussian_sigma: 4\n  normalize: { kind: validation_quantiles, q_a: 0.99, q_b: 0.9 }"), "{ kind: validation_quantiles",
            "'anomaly_map.normalize'", "q_a 0.99 must be less than q_b 0.9"),
        ["map normalisation quantile above 1"] = new("DD0008",
            TestConfigs.With("  gaussian_sigma: 4", "  gaussian_sigma: 4\n  normalize: { kind: validation_quantiles, q_b: 1.5 }"), "1.5",
            "'anomaly_map.normalize.q_b' must be greater than 0 and at most 1"),
        ["map normalisation level unknown"] = new("DD0005",
            TestConfigs.With("  gaussian_sigma: 4", "  gaussian_sigma: 4\n  normalize: { kind: validation_quantiles, per: pixel }"), "pixel",
            "'anomaly_map.normalize.per'", "tap, teacher"),
        ["quantile with no map normalisation"] = new("DD0011",
            TestConfigs.With("  gaussian_sigma: 4", "  gaussian_sigma: 4\n  normalize: { kind: none, q_a: 0.5 }"), "q_a",
            "'anomaly_map.normalize.q_a' does not apply"),
        ["hard quantile of 1"] = new("DD0008",
            TestConfigs.With("anomaly_map:", "loss: { hard_quantile: 1 }\nanomaly_map:"), "1 }",
            "'loss.hard_quantile' must be at least 0 and less than 1"),
        ["unknown feature normalisation"] = new("DD0005",
            TestConfigs.With("anomaly_map:", "loss: { feature_norm: layer }\nanomaly_map:"), "layer }",
            "'loss.feature_norm'", "channel_l2, none"),
        ["colour jitter too strong"] = new("DD0008",
            TestConfigs.With("  batch_size: 2", "  batch_size: 2\n  augment: { hflip: true, color_jitter: 0.7 }"), "0.7",
            "'training.augment.color_jitter' must be between 0 and 0.5"),
        ["augmentation flag not a boolean"] = new("DD0004",
            TestConfigs.With("  batch_size: 2", "  batch_size: 2\n  augment: { vflip: sometimes }"), "sometimes",
            "'training.augment.vflip'"),
        ["rotation of a non-square input"] = new("DD0030",
            TestConfigs.With(("  size: 64", "  size: [64, 96]"), ("  batch_size: 2", "  batch_size: 2\n  augment: { rot90: true }")), "{ rot90: true }",
            "'training.augment.rot90'", "64×96"),
        ["reverse distillation tapping the stem"] = new("DD0031",
            ReverseDistillation("      - stem\n      - layer2"), "stem\n",
            "'teachers[0].taps[0]'", "stage taps layer1, layer2, layer3 of resnet18, not 'stem'"),
        ["reverse distillation tapping the last stage"] = new("DD0031",
            ReverseDistillation("      - layer2\n      - layer4"), "layer4",
            "'teachers[0].taps[1]'", "not 'layer4'", "none after 'layer4'"),
        ["reverse distillation with a pooled tap"] = new("DD0032",
            ReverseDistillation("      - layer1\n      - name: layer2\n        pool: { kind: avg, kernel: 2 }"), "{ kind: avg",
            "'teachers[0].taps[1].pool'", "tap 'layer2'", "remove its pool"),
        ["reverse distillation with a channel-pooled tap"] = new("DD0032",
            ReverseDistillation("      - layer1\n      - { name: layer2, channel_pool: 64 }"), "64 }",
            "'teachers[0].taps[1].channel_pool'", "remove its channel_pool"),
        ["reverse distillation on efficientnet"] = new("DD0021",
            TestConfigs.With("student: { kind: light }", "student: { kind: reverse_distillation }"), "{ kind: reverse_distillation }",
            "'teachers[1].student'", "built for resnet18 teachers, not efficientnet_b0"),
        ["reverse distillation at an input its decoder misses"] = new("DD0023",
            TestConfigs.With(("  size: 64", "  size: 72"), (ResNetTapsAndStudent, "      - layer2\n    student:\n      kind: reverse_distillation")),
            "kind: reverse_distillation",
            "at input 72×72, tap 'layer2'", "128×9×9", "128×10×10"),
        ["reverse distillation key on another student"] = new("DD0011",
            TestConfigs.With("student: { kind: light }", "student: { kind: light, bottleneck_blocks: 1 }"), "bottleneck_blocks",
            "'teachers[1].student.bottleneck_blocks' does not apply to student kind 'light'"),
        ["reverse distillation with too many decoder blocks"] = new("DD0008",
            ReverseDistillation("      - layer1\n      - layer2", "\n      decoder_blocks: 65"), "65",
            "'teachers[0].student.decoder_blocks' must be between 1 and 64", "is 65"),
        ["padding beyond half an avg pool's kernel"] = new("DD0008",
            TestConfigs.With("pool: { kind: avg, kernel: 2 }", "pool: { kind: avg, kernel: 2, padding: 2 }"), "{ kind: avg",
            "'teachers[0].taps[1].pool.padding' must be at most half the kernel (1)", "is 2"),
        ["memory bank trained for several epochs"] = new("DD0033",
            TestConfigs.With((ResNetStudent, MemoryBankStudent), ("student: { kind: light }", "student: { kind: memory_bank }"), ("  epochs: 1", "  epochs: 3")),
            "optimizer:", "'training.epochs'", "must train 1 epoch, not 3"),
        ["memory bank beside a trained student"] = new("DD0034",
            TestConfigs.With(ResNetStudent, MemoryBankStudent), "{ kind: light }",
            "'teachers[1].student'", "teacher 'resnet' has a memory_bank student", "every student of the config must then be a memory_bank"),
        ["unknown coreset"] = new("DD0005",
            TestConfigs.With(ResNetStudent, "    student: { kind: memory_bank, coreset: kmeans }"), "kmeans",
            "'teachers[0].student.coreset'", "greedy, random"),
        ["memory bank key on another student"] = new("DD0011",
            TestConfigs.With("student: { kind: light }", "student: { kind: light, bank_size: 64 }"), "bank_size",
            "'teachers[1].student.bank_size' does not apply to student kind 'light'"),
        ["reflect border off a tap's stride"] = new("DD0035",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0\n    reflect_border: 12"), "12",
            "'teachers[0].reflect_border'", "12 pixels is not a multiple of the stride 8 of tap 'layer2'", "try 16"),
        ["reflect border as wide as the input"] = new("DD0036",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0\n    reflect_border: 96"), "96",
            "'teachers[0].reflect_border'", "96 pixels must be less than the input's smaller side 64"),
        ["image tap on a trained student"] = new("DD0037",
            TestConfigs.With("    taps:\n      - layer1\n", "    taps:\n      - image\n      - layer1\n"), "image",
            "'teachers[0].taps[0]'", "tap 'image' is the teacher's input itself", "only a memory_bank student"),
        ["downsample that does not tile the input"] = new("DD0038",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0\n    downsample: 3"), "3\n    taps:",
            "'teachers[0].downsample'", "blocks of 3×3 pixels do not tile the 64×64 input"),
        ["downsample below 1"] = new("DD0008",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0\n    downsample: 0"), "0\n    taps:",
            "'teachers[0].downsample' must be at least 1", "0"),
        ["negative reflect border"] = new("DD0008",
            TestConfigs.With("    alpha: 1.0", "    alpha: 1.0\n    reflect_border: -8"), "-8",
            "'teachers[0].reflect_border' must be at least 0", "-8"),
        ["unknown distance"] = new("DD0005",
            TestConfigs.With("anomaly_map:", "loss: { distance: cosin }\nanomaly_map:"), "cosin }",
            "'loss.distance'", "l2, squared_l2, cosine"),
    };

    /// <summary>The resnet teacher's taps and student in <see cref="TestConfigs.Valid"/>.</summary>
    private const string ResNetTapsAndStudent =
        "      - layer1\n      - name: layer2\n        pool: { kind: avg, kernel: 2 }\n    student:\n      kind: reduced_resnet\n      stages:\n        - layer1\n        - { name: layer2, stride: 4 }";

    /// <summary>The resnet teacher's student in <see cref="TestConfigs.Valid"/>, and a memory bank in its place.</summary>
    private const string ResNetStudent = "    student:\n      kind: reduced_resnet\n      stages:\n        - layer1\n        - { name: layer2, stride: 4 }";

    private const string MemoryBankStudent = "    student: { kind: memory_bank, bank_size: 64 }";

    /// <summary><see cref="TestConfigs.Valid"/> with a reverse distillation student on the resnet teacher, which taps
    /// <paramref name="taps"/> (list items); <paramref name="studentKeys"/> adds keys to the student.</summary>
    private static string ReverseDistillation(string taps, string studentKeys = "") =>
        TestConfigs.With(ResNetTapsAndStudent, taps + "\n    student:\n      kind: reverse_distillation" + studentKeys);

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Fact]
    public void TheBaseConfigIsValid()
    {
        var result = TestConfigs.Parse(TestConfigs.Valid);

        Assert.Equal("", TestConfigs.Describe(result.Diagnostics));
        Assert.NotNull(result.Spec);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReportsExactlyTheExpectedDiagnostic(string caseName)
    {
        DiagnosticCase c = Cases[caseName];

        var result = TestConfigs.Parse(c.Yaml);

        Assert.Null(result.Spec);
        DistillDiagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(c.Id, diagnostic.Id);
        foreach (string part in c.MessageParts) Assert.True(diagnostic.Message.Contains(part), $"'{part}' is not in: {diagnostic.Message}");
        var (line, column) = TestConfigs.PositionOf(c.Yaml, c.At);
        Assert.Equal((TestConfigs.FileName, line, column), (diagnostic.Span.FilePath, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void EveryCatalogDiagnosticHasACase()
    {
        // DD0028 needs more than 100 problems, not one: CapsTheDiagnosticsOfOneConfig tests it.
        var tested = Cases.Values.Select(c => c.Id).Append(DiagnosticCatalog.MoreDiagnostics.Id).ToHashSet();

        foreach (var descriptor in DiagnosticCatalog.All) Assert.Contains(descriptor.Id, tested);
    }

    [Fact]
    public void CapsTheDiagnosticsOfOneConfig()
    {
        string yaml = TestConfigs.Valid + "\n" + string.Concat(Enumerable.Range(0, 250).Select(i => $"unknown_{i:000}: 1\n"));

        var result = TestConfigs.Parse(yaml);

        Assert.Null(result.Spec);
        Assert.Equal(101, result.Diagnostics.Count);
        Assert.All(result.Diagnostics.Take(100), d => Assert.Equal("DD0002", d.Id));
        Assert.Contains("'unknown_099'", result.Diagnostics[99].Message);
        DistillDiagnostic more = result.Diagnostics[100];
        Assert.Equal("DD0028", more.Id);
        Assert.Equal("... and 150 more diagnostics, not listed: only the first 100 of a config are reported", more.Message);
        Assert.Equal(TestConfigs.PositionOf(yaml, "unknown_100").Line, more.Span.StartLine);
    }

    [Fact]
    public void ExactlyOneHundredDiagnosticsAreAllListed()
    {
        string yaml = TestConfigs.Valid + "\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"unknown_{i:000}: 1\n"));

        var result = TestConfigs.Parse(yaml);

        Assert.Equal(100, result.Diagnostics.Count);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "DD0028");
    }

    [Fact]
    public void CatalogIdsAreUniqueAndNumberedInOrder()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();

        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"DD{i:0000}"), ids);
        Assert.All(DiagnosticCatalog.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Title)));
    }

    [Fact]
    public void PrintsLikeACompilerMessage()
    {
        var result = TestConfigs.Parse(TestConfigs.With("  epochs: 1", "  epochs: many"));

        Assert.Equal("configs/tiny.yaml(29,11): error DD0004: 'training.epochs' must be an integer, but is 'many'",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void AnUnclosedFlowListIsMalformedYamlNotACrash()
    {
        // YamlDotNet's scanner throws InvalidOperationException here rather than a YamlException.
        var result = TestConfigs.Parse(TestConfigs.With("taps: [stage3]", "taps: [stage3"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DD0001", diagnostic.Id);
        Assert.Equal(20, diagnostic.Span.StartLine);
    }

    [Fact]
    public void CollectsEveryStructuralErrorInOnePass()
    {
        string yaml = TestConfigs.Valid
            .Replace("    alpha: 1.0", "    alpah: 1.0")
            .Replace("  epochs: 1", "  epochs: many")
            .Replace("gaussian_sigma: 4", "gaussian_sigma: 0")
            .Replace("  kind: max", "  kind: median");

        var result = TestConfigs.Parse(yaml);

        Assert.Equal(new[] { "DD0002", "DD0007", "DD0012", "DD0004" }, result.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void CollectsEveryCatalogErrorInOnePass()
    {
        string yaml = TestConfigs.Valid
            .Replace("backbone: efficientnet_b0", "backbone: resnet50")
            .Replace("taps:\n      - layer1", "taps:\n      - layer9")
            .Replace("modulating: effnet", "modulating: nobody");

        var result = TestConfigs.Parse(yaml);

        Assert.Equal(new[] { "DD0015", "DD0014", "DD0026" }, result.Diagnostics.Select(d => d.Id));
    }
}
