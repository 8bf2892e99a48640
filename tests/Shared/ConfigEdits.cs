using System.Text.RegularExpressions;

namespace DistillDsl.Tests.Shared;

/// <summary>Seeded random edits of a YAML config for the fuzz tests of the parser (DistillDsl.Spec.Tests) and of the
/// generator (DistillDsl.Generators.Tests): a line removed or doubled, a number replaced by an awkward one, or a value
/// replaced by a token that YAML, the parser or the catalog finds hard. Compiled into both projects.</summary>
internal static class ConfigEdits
{
    private static readonly string[] Tokens =
    {
        "", "[", "]", "{", "}", ":", "- x", "&a", "*a", "null", "~", "'q", "\"", "yes", "[1, [2]]", "{a: 1}", "layer1",
        "stem", "resnet18", "efficientnet_b0", "modulate", "topk_mean", "-", "?", "|", ">", "\t", "0", "-3", "1e400", "NaN",
        "{ kind: avg, kernel: 99 }", "{ kind: adaptive_avg, size: [1, 0] }", "!!binary AAAA", "%", "@", "`", "\"\"\"", "a__b",
        "x\u2028y", "{ kind: adaptive_avg, size: 3 }", "head", "stage7",
    };

    private static readonly string[] Numbers = { "0", "-1", "1", "2", "3", "7", "0.5", "1e9", "65536", "999999999999", "-0.0", "1.5e-300", "250" };

    /// <summary>One to three edits of <paramref name="text"/>.</summary>
    public static string Edited(string text, Random random)
    {
        int editCount = 1 + random.Next(3);
        for (int e = 0; e < editCount; e++) text = Edit(text, random);
        return text;
    }

    private static string Edit(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        int index = random.Next(lines.Count);
        switch (random.Next(4))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(index, lines[index]);
                break;
            case 2:
                var numbers = Regex.Matches(text, @"(?<![\w.])\d+(\.\d+)?(e-?\d+)?");
                if (numbers.Count == 0) break;
                var number = numbers[random.Next(numbers.Count)];
                return text.Substring(0, number.Index) + Numbers[random.Next(Numbers.Length)] + text.Substring(number.Index + number.Length);
            default:
                int colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) break;
                lines[index] = lines[index].Substring(0, colon + 2) + Tokens[random.Next(Tokens.Length)];
                break;
        }
        return string.Join("\n", lines);
    }
}
