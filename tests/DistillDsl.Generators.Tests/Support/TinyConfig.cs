namespace DistillDsl.Generators.Tests.Support;

/// <summary>A small valid config with two teachers that the diagnostics tests edit one line at a time
/// (line numbers in the comments on the right are what the tests point at).</summary>
internal static class TinyConfig
{
    public const string Path = "configs/tiny.yaml";

    public const string Valid = """
        name: tiny
        input:
          size: 64
        teachers:
          - name: resnet
            backbone: resnet18
            taps:
              - layer1
              - name: layer2
                pool: { kind: avg, kernel: 2 }
            student:
              kind: reduced_resnet
              stages:
                - layer1
                - { name: layer2, stride: 4 }
          - name: effnet
            backbone: efficientnet_b0
            alpha: 0.1
            taps: [stage3]
            student: { kind: light }
        anomaly_map:
          combine: { kind: modulate, modulated: resnet, modulating: effnet, normalize: minmax }
        score:
          kind: max
        training:
          optimizer: { kind: sgd, lr: 0.1 }
          epochs: 1
          batch_size: 2

        """;

    /// <summary><see cref="Valid"/> with one text replaced; fails if the text is not there, so no case silently
    /// tests the valid config.</summary>
    public static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, Valid);
        return Valid.Replace(oldText, newText);
    }
}
