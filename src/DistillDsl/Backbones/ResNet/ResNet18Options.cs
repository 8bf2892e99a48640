namespace DistillDsl.Backbones.ResNet;

/// <summary>The variations of ResNet-18 that <see cref="ResNet18"/> builds. Parameter names follow torchvision in all of them.</summary>
/// <remarks>Padding is torchvision's everywhere (k/2 on every side of a k×k window). The CNTK ONNX file lists asymmetric pads
/// for its stride-2 windows ([top, left, bottom, right] = 7×7 [3,3,2,2], 3×3 [1,1,0,0], max pool [1,1,0,0]), but those are
/// the pads CNTK's automatic "same" padding worked out for its 224×224 input: on an even-sized input a stride-2 window never
/// reaches the last bottom/right padding row, so they compute exactly what symmetric padding computes. On odd sizes CNTK's
/// own padding gives ⌈n/2⌉ outputs, as symmetric padding does, while the fixed ONNX pads would give one fewer.</remarks>
/// <param name="Layer4Blocks">BasicBlocks in stage 4: 2 in torchvision, 3 in the CNTK model.</param>
/// <param name="ClassifierHead">Whether there is the 1000-class <c>fc</c> layer after the global average pool.</param>
public sealed record ResNet18Options(int Layer4Blocks, bool ClassifierHead)
{
    /// <summary>torchvision's <c>resnet18()</c>.</summary>
    public static ResNet18Options Torchvision { get; } = new(2, true);

    /// <summary>The CNTK ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18: 3 blocks in stage 4, no classifier (it ends at the pool).</summary>
    public static ResNet18Options Cntk { get; } = new(3, false);
}
