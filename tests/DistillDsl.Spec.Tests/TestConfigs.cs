using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.Spec.Tests;

/// <summary>A small valid config with both student kinds that change shapes and a modulate combination,
/// which the diagnostic tests edit one line at a time.</summary>
internal static class TestConfigs
{
    public const string FileName = "configs/tiny.yaml";

    public const string Valid = """
        name: tiny
        input:
          size: 64
        teachers:
          - name: resnet
            backbone: resnet18
            alpha: 1.0
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
          gaussian_sigma: 4
        score:
          kind: max
        training:
          optimizer: { kind: sgd, lr: 0.1 }
          epochs: 1
          batch_size: 2

        """;

    /// <summary><see cref="Valid"/> with <paramref name="oldText"/> replaced; fails loudly if it is not there, so no case
    /// silently tests the valid config.</summary>
    public static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, Valid);
        return Valid.Replace(oldText, newText);
    }

    /// <summary><see cref="Valid"/> with several edits, each checked like <see cref="With(string, string)"/>.</summary>
    public static string With(params (string Old, string New)[] edits)
    {
        string text = Valid;
        foreach (var (oldText, newText) in edits)
        {
            Assert.Contains(oldText, text);
            text = text.Replace(oldText, newText);
        }
        return text;
    }

    public static ParseResult Parse(string yaml) => DistillConfigParser.Parse(FileName, yaml);

    /// <summary>1-based line and column of the first occurrence of <paramref name="needle"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) PositionOf(string text, string needle)
    {
        int index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' is not in the config");
        int line = 1 + text.Take(index).Count(c => c == '\n');
        int lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return (line, index - lineStart + 1);
    }

    public static string Describe(IEnumerable<DistillDiagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics);
}
