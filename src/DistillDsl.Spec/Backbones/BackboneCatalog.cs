using System;
using System.Collections.Generic;
using System.Linq;

namespace DistillDsl.Spec.Backbones
{
    /// <summary>The single source of truth for backbone names, taps, channels and strides.
    /// The runtime modules, the YAML validator and the source generator all read it.</summary>
    public static class BackboneCatalog
    {
        public const string ResNet18 = "resnet18";
        public const string EfficientNetB0 = "efficientnet_b0";

        public static BackboneInfo ResNet18Info { get; } = new BackboneInfo(
            ResNet18,
            "ResNet-18 (torchvision resnet18 layout; ImageNet weights from Microsoft.ML.DnnImageFeaturizer.ResNet18 or a torchvision checkpoint)",
            new[]
            {
                new TapInfo("stem", 64, 4, "conv1 + bn1 + relu + maxpool: the layer before the first block"),
                new TapInfo("layer1", 64, 4, "output of stage 1 (2 BasicBlocks)"),
                new TapInfo("layer2", 128, 8, "output of stage 2"),
                new TapInfo("layer3", 256, 16, "output of stage 3"),
                new TapInfo("layer4", 512, 32, "output of stage 4"),
            },
            InputNormalization.ImageNet,
            "resnet18-f37072fd.pth");

        public static BackboneInfo EfficientNetB0Info { get; } = new BackboneInfo(
            EfficientNetB0,
            "EfficientNet-b0 (torchvision efficientnet_b0 layout; ImageNet weights only from a user-supplied checkpoint)",
            new[]
            {
                new TapInfo("stem", 32, 2, "features.0: 3×3/2 conv + bn + SiLU"),
                new TapInfo("stage1", 16, 2, "features.1: MBConv1, k3"),
                new TapInfo("stage2", 24, 4, "features.2: MBConv6, k3"),
                new TapInfo("stage3", 40, 8, "features.3: MBConv6, k5"),
                new TapInfo("stage4", 80, 16, "features.4: MBConv6, k3"),
                new TapInfo("stage5", 112, 16, "features.5: MBConv6, k5 (timm out_index 3)"),
                new TapInfo("stage6", 192, 32, "features.6: MBConv6, k5"),
                new TapInfo("stage7", 320, 32, "features.7: MBConv6, k3 (timm out_index 4)"),
                new TapInfo("head", 1280, 32, "features.8: 1×1 conv to 1280 + bn + SiLU"),
            },
            InputNormalization.ImageNet,
            "efficientnet_b0_rwightman-7f5810bc.pth",
            "efficientnet_b0_rwightman-3dd342df.pth"); // torchvision ≤ 0.14

        public static IReadOnlyList<BackboneInfo> All { get; } = new[] { ResNet18Info, EfficientNetB0Info };

        public static IEnumerable<string> Names => All.Select(b => b.Name);

        public static BackboneInfo? Find(string name) => All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

        public static BackboneInfo Get(string name) =>
            Find(name) ?? throw new KeyNotFoundException($"Unknown backbone '{name}'. Known backbones: {string.Join(", ", Names)}.");
    }
}
