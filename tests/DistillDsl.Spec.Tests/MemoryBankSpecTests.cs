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
}
