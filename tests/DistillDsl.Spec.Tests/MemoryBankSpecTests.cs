using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using DistillDsl.Spec.Summary;

namespace DistillDsl.Spec.Tests;

/// <summary>The memory_bank student in the spec: its keys and defaults, the optimizer it does without, its output shapes
/// and its summary.</summary>
public class MemoryBankSpecTests
{
    private static string Config(string student, string training = "  epochs: 1\n  batch_size: 2") => string.Join("\n",
        "name: bank",
        "input:",
        "  size: 64",
        "teachers:",
        "  - name: resnet",
        "    backbone: resnet18",
        "    taps:",
        "      - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }",
        "      - { name: layer3, channel_pool: 128 }",
        $"    student: {student}",
        "score: max",
        "training:",
        training,
        "");

    [Fact]
    public void A_memory_bank_config_needs_no_optimizer_and_takes_the_defaults()
    {
        var result = TestConfigs.Parse(Config("{ kind: memory_bank }"));
        Assert.True(result.Diagnostics.Count == 0, TestConfigs.Describe(result.Diagnostics));
        var bank = Assert.IsType<MemoryBankStudentSpec>(result.Spec!.Teachers[0].Student);
        Assert.Equal((SpecDefaults.MemoryBankSize, CoresetKind.Greedy), (bank.BankSize, bank.Coreset));
        Assert.Equal(new AvgPoolSpec(3, 1, 1, result.Spec.Teachers[0].Taps[0].Pool!.Span), result.Spec.Teachers[0].Taps[0].Pool);

        var keys = Assert.IsType<MemoryBankStudentSpec>(TestConfigs.Parse(Config("{ kind: memory_bank, bank_size: 100, coreset: random }")).Spec!.Teachers[0].Student);
        Assert.Equal((100, CoresetKind.Random), (keys.BankSize, keys.Coreset));
    }

    [Fact]
    public void A_trained_student_still_needs_its_optimizer()
    {
        var result = TestConfigs.Parse(Config("{ kind: mirror }"));
        var missing = Assert.Single(result.Diagnostics);
        Assert.Equal("DD0003", missing.Id);
        Assert.Contains("'optimizer'", missing.Message);
    }

    [Fact]
    public void The_bank_outputs_each_pooled_tap_and_the_summary_lists_a_bank_per_tap()
    {
        DistillSpec spec = TestConfigs.Parse(Config("{ kind: memory_bank, bank_size: 100 }")).Spec!;
        var backbone = Backbones.BackboneCatalog.Find("resnet18")!;
        var outputs = ShapeInference.StudentOutputs(spec.Teachers[0], backbone, spec.Input);
        // layer2 at 64²: 128×8×8, kept by the padded 3×3 stride-1 pool; layer3 256×4×4 pooled to 128 channels.
        Assert.Equal(new[] { ("layer2", new FeatureShape(128, 8, 8)), ("layer3", new FeatureShape(128, 4, 4)) },
                     outputs.Select(o => (o.Tap, o.Shape)).ToArray());

        string summary = ArchitectureSummary.Render(spec);
        Assert.Contains("memory_bank (reads the teacher's taps), 100 rows per tap, greedy coreset", summary);
        Assert.Contains("memory bank: nearest of 100 × 128 rows", summary);
        Assert.Contains("avg 3×3 stride 1 padding 1", summary);
    }

    [Fact]
    public void The_image_tap_reads_the_input_with_its_own_centring_and_feature_norm()
    {
        string config = Config("{ kind: memory_bank, bank_size: 100 }").Replace(
            "      - { name: layer2,",
            "      - { name: image, pool: { kind: avg, kernel: 16, stride: 8, padding: 4 }, center: image_mean, feature_norm: none }\n      - { name: layer2,");
        var result = TestConfigs.Parse(config);
        Assert.True(result.Diagnostics.Count == 0, TestConfigs.Describe(result.Diagnostics));
        TeacherSpec teacher = result.Spec!.Teachers[0];
        TapSpec image = teacher.Taps[0];
        Assert.Equal(("image", TapCentering.ImageMean, (FeatureNormalization?)FeatureNormalization.None), (image.Name, image.Center, image.FeatureNorm));
        // The other taps keep no centring and the map's feature_norm (null: not their own).
        Assert.Equal((TapCentering.None, (FeatureNormalization?)null), (teacher.Taps[1].Center, teacher.Taps[1].FeatureNorm));

        var backbone = Backbones.BackboneCatalog.Find("resnet18")!;
        var outputs = ShapeInference.StudentOutputs(teacher, backbone, result.Spec.Input);
        // The image is 3×64×64 at stride 1; a 16×16 window every 8 pixels with 4 of padding gives 8×8, layer2's grid.
        Assert.Equal(("image", new FeatureShape(3, 8, 8)), (outputs[0].Tap, outputs[0].Shape));
        string summary = ArchitectureSummary.Render(result.Spec);
        Assert.Contains("avg 16×16 stride 8 padding 4, centred on the image mean, feature_norm none", summary);
    }

    [Theory]
    [InlineData("{ kind: mirror }", "DD0037", "'teachers[0].taps[0]'")]
    [InlineData("{ kind: memory_bank }", "DD0017", "tap 'image' must come before tap 'layer2' (list taps in the backbone's forward order: image, stem, layer1")]
    public void The_image_tap_needs_a_memory_bank_and_comes_first(string student, string id, string message)
    {
        string taps = id == "DD0017"
            ? "      - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }\n      - { name: image, pool: { kind: avg, kernel: 8 } }"
            : "      - { name: image, pool: { kind: avg, kernel: 8 } }\n      - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }";
        string config = Config(student, "  optimizer: { kind: adam, lr: 0.001 }\n  epochs: 1\n  batch_size: 2")
            .Replace("      - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }", taps);
        var result = TestConfigs.Parse(config);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Contains(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("center: middle", "'teachers[0].taps[0].center'", "none, image_mean")]
    [InlineData("feature_norm: l1", "'teachers[0].taps[0].feature_norm'", "channel_l2, none")]
    public void A_bad_centring_or_feature_norm_names_the_key_and_the_choices(string key, string path, string choices)
    {
        string config = Config("{ kind: memory_bank }").Replace("{ name: layer2, pool:", $"{{ name: layer2, {key}, pool:");
        var unknown = Assert.Single(TestConfigs.Parse(config).Diagnostics);
        Assert.Equal("DD0005", unknown.Id);
        Assert.Contains(path, unknown.Message);
        Assert.Contains(choices, unknown.Message);
    }
}
