namespace DistillDsl.Backbones.EfficientNet;

/// <summary>One stage of MBConv blocks: a row of Table 1 of the EfficientNet paper (torchvision's MBConvConfig with
/// width and depth multipliers 1). The first block takes the stride and the input width; the others keep both.</summary>
internal sealed record MBConvStage(int ExpandRatio, int KernelSize, int Stride, int InputChannels, int OutputChannels, int Blocks);
