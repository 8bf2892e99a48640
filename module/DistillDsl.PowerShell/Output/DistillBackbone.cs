namespace DistillDsl.PowerShell.Output;

/// <summary>A teacher backbone the DSL knows: its taps and where its ImageNet weights come from.</summary>
/// <param name="ImageNetWeights">Where <c>weights: imagenet</c> is read from on this machine.</param>
public sealed record DistillBackbone(string Name, string Description, string Normalization, DistillTap[] Taps, string ImageNetWeights)
{
    /// <summary>The taps in one line for tables: <c>stem(64,/2) layer1(64,/4) ...</c>.</summary>
    public string TapSummary => string.Join(' ', Taps.Select(t => $"{t.Name}({t.Channels},/{t.Stride})"));
}
