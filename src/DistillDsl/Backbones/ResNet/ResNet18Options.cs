namespace DistillDsl.Backbones.ResNet;

/// <summary>How the convolution and pooling windows of a <see cref="ResNet18"/> are padded.</summary>
public enum ResNetPadding
{
    /// <summary>torchvision: k/2 on every side of a k×k window.</summary>
    Symmetric,

    /// <summary>CNTK (the ResNet-18 of Microsoft.ML.DnnImageFeaturizer): stride-1 windows as torchvision; stride-2
    /// windows one pixel less at the bottom and right, [top, left, bottom, right] = 7×7 [3,3,2,2], 3×3 [1,1,0,0],
    /// 1×1 [0,0,0,0]. Same output sizes as symmetric padding, but the features are shifted by one pixel.</summary>
    CntkAsymmetric,
}

/// <summary>The variations of ResNet-18 that <see cref="ResNet18"/> builds. Parameter names follow torchvision in all of them.</summary>
/// <param name="Padding">Window padding style.</param>
/// <param name="Layer4Blocks">BasicBlocks in stage 4: 2 in torchvision, 3 in the CNTK model.</param>
/// <param name="ClassifierHead">Whether there is the 1000-class <c>fc</c> layer after the global average pool.</param>
public sealed record ResNet18Options(ResNetPadding Padding, int Layer4Blocks, bool ClassifierHead)
{
    /// <summary>torchvision's <c>resnet18()</c>.</summary>
    public static ResNet18Options Torchvision { get; } = new(ResNetPadding.Symmetric, 2, true);

    /// <summary>The CNTK ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 (no classifier; it ends at the pool).</summary>
    public static ResNet18Options Cntk { get; } = new(ResNetPadding.CntkAsymmetric, 3, false);

    /// <summary>The padding of a k×k window with the given stride (1 or 2).</summary>
    internal WindowPadding PaddingOf(int kernel, int stride)
    {
        int half = kernel / 2;
        if (Padding == ResNetPadding.Symmetric || stride == 1) return new WindowPadding(half, half, half, half);
        int end = Math.Max(0, half - 1);
        return new WindowPadding(half, half, end, end);
    }
}
