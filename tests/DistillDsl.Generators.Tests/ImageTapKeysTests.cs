using DistillDsl.Generators.Tests.Support;

namespace DistillDsl.Generators.Tests;

/// <summary>A memory bank config with the image tap and the tap keys <c>center</c> and <c>feature_norm</c> goes through the
/// generator without diagnostics; its output (the image tap's shape and pooling in the generated docs) is locked in
/// Snapshots/Generator/ImageTapBankGraph.g.verified.cs and compiles without warnings.</summary>
public class ImageTapKeysTests
{
    private const string Yaml = """
        name: image_tap_bank
        input: { size: 256 }
        teachers:
          - name: resnet
            backbone: resnet18
            taps:
              - { name: image, pool: { kind: avg, kernel: 32, stride: 8, padding: 12 }, center: image_mean, feature_norm: none }
              - { name: layer2, pool: { kind: avg, kernel: 3, stride: 1, padding: 1 } }
            student: { kind: memory_bank, bank_size: 1024 }
        anomaly_map:
          feature_norm: channel_l2
          normalize: { kind: validation_quantiles, q_a: 0.9, q_b: 0.995, per: tap }
          gaussian_sigma: 4
        score: max
        training:
          epochs: 1
          batch_size: 8

        """;

    [Fact]
    public void GeneratesWithoutDiagnosticsAsSnapshotted() =>
        GeneratorHarness.AssertGeneratesCleanlyAsSnapshotted("configs/image_tap_bank.yaml", Yaml, "ImageTapBankGraph");
}
