namespace DistillDsl.PowerShell.Output;

/// <summary>One tap of a backbone: where a feature map can be taken, its channels and its stride (a 256×256 input gives
/// a (256/Stride)² map).</summary>
public sealed record DistillTap(string Backbone, int Index, string Name, int Channels, int Stride, string Description);
