using DistillDsl.Generators.Tests.Support;

namespace DistillDsl.Generators.Tests;

/// <summary>A memory bank config with two teachers, one reading the image at half its resolution (the teacher key
/// <c>downsample</c>), goes through the generator without diagnostics; its output (the half-scale taps' shapes and strides,
/// the <c>Downsample</c> constants, the summary's heading) is locked in Snapshots/Generator/TwoScaleBankGraph.g.verified.cs
/// and compiles without warnings.</summary>
public class DownsampleKeysTests
{
    private const string Yaml = """
        name: two_scale_bank
        input: { size: 256 }
        teachers:
          - name: full
            backbone: resnet18
            taps:
              - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }
              - { name: layer3, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }
            student: { kind: memory_bank, bank_size: 1024 }
          - name: half
            backbone: resnet18
            downsample: 2
            taps:
              - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }
              - { name: layer3, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }
            student: { kind: memory_bank, bank_size: 1024 }
        anomaly_map:
          feature_norm: channel_l2
          combine: sum
          normalize: { kind: validation_quantiles, q_a: 0.9, q_b: 0.995, per: tap }
          gaussian_sigma: 4
        score: max
        training:
          epochs: 1
          batch_size: 8

        """;

    [Fact]
    public void GeneratesWithoutDiagnosticsAsSnapshotted() =>
        GeneratorHarness.AssertGeneratesCleanlyAsSnapshotted("configs/two_scale_bank.yaml", Yaml, "TwoScaleBankGraph");
}
