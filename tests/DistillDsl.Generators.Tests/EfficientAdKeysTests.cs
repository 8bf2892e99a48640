using DistillDsl.Generators.Tests.Support;

namespace DistillDsl.Generators.Tests;

/// <summary>A config that uses every key added for EfficientAD-style distillation (map normalisation, hard loss, feature
/// normalisation, augmentation) goes through the generator without diagnostics, and its output is locked in a snapshot
/// (Snapshots/Generator/EfficientadPiecesGraph.g.verified.cs) and compiles without warnings. The generated members do not
/// depend on these keys (only the embedded YAML and its hash do), so the shipped configs' snapshots stay as they were.</summary>
public class EfficientAdKeysTests
{
    private const string Yaml = """
        name: efficientad_pieces
        input: { size: 256 }
        teachers:
          - name: resnet
            backbone: resnet18
            taps: [layer1, layer2]
            student: { kind: reduced_resnet, block: basic, stages: [layer1, { name: layer2, stride: 2 }] }
        loss: { distance: squared_l2, feature_norm: channel_l2, hard_quantile: 0.999 }
        anomaly_map:
          distance: squared_l2
          feature_norm: channel_l2
          normalize: { kind: validation_quantiles, q_a: 0.9, q_b: 0.995, per: tap }
          gaussian_sigma: 4
        score: max
        training:
          optimizer: { kind: adam, lr: 1.0e-4, weight_decay: 1.0e-5 }
          epochs: 50
          batch_size: 8
          augment: { hflip: true, vflip: true, rot90: true, color_jitter: 0.05 }

        """;

    [Fact]
    public void GeneratesWithoutDiagnosticsAsSnapshotted() =>
        GeneratorHarness.AssertGeneratesCleanlyAsSnapshotted("configs/efficientad_pieces.yaml", Yaml, "EfficientadPiecesGraph");
}
