using System;
using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Summary;

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
                new TapInfo("stem", 64, 4, "conv1 + bn1 + relu + maxpool: the layer before the first block",
                    "conv 7×7 + BN + ReLU + max pool 3×3", LayerParameters.ConvBn(3, 64, 7)),
                new TapInfo("layer1", 64, 4, "output of stage 1 (2 BasicBlocks)", TwoBasicBlocks, BasicBlocks(64, 64, 1)),
                new TapInfo("layer2", 128, 8, "output of stage 2", TwoBasicBlocks, BasicBlocks(64, 128, 2)),
                new TapInfo("layer3", 256, 16, "output of stage 3", TwoBasicBlocks, BasicBlocks(128, 256, 2)),
                new TapInfo("layer4", 512, 32, "output of stage 4", TwoBasicBlocks, BasicBlocks(256, 512, 2)),
            },
            InputNormalization.ImageNet,
            "resnet18-f37072fd.pth");

        public static BackboneInfo EfficientNetB0Info { get; } = new BackboneInfo(
            EfficientNetB0,
            "EfficientNet-b0 (torchvision efficientnet_b0 layout; ImageNet weights only from a user-supplied checkpoint)",
            new[]
            {
                new TapInfo("stem", 32, 2, "features.0: 3×3/2 conv + bn + SiLU", "conv 3×3 + BN + SiLU", LayerParameters.ConvBn(3, 32, 3)),
                MBConvStage("stage1", 16, 2, "features.1: MBConv1, k3", 32, expandRatio: 1, kernel: 3, repeats: 1),
                MBConvStage("stage2", 24, 4, "features.2: MBConv6, k3", 16, expandRatio: 6, kernel: 3, repeats: 2),
                MBConvStage("stage3", 40, 8, "features.3: MBConv6, k5", 24, expandRatio: 6, kernel: 5, repeats: 2),
                MBConvStage("stage4", 80, 16, "features.4: MBConv6, k3", 40, expandRatio: 6, kernel: 3, repeats: 3),
                MBConvStage("stage5", 112, 16, "features.5: MBConv6, k5 (timm out_index 3)", 80, expandRatio: 6, kernel: 5, repeats: 3),
                MBConvStage("stage6", 192, 32, "features.6: MBConv6, k5", 112, expandRatio: 6, kernel: 5, repeats: 4),
                MBConvStage("stage7", 320, 32, "features.7: MBConv6, k3 (timm out_index 4)", 192, expandRatio: 6, kernel: 3, repeats: 1),
                new TapInfo("head", 1280, 32, "features.8: 1×1 conv to 1280 + bn + SiLU", "conv 1×1 + BN + SiLU", LayerParameters.ConvBn(320, 1280, 1)),
            },
            InputNormalization.ImageNet,
            "efficientnet_b0_rwightman-7f5810bc.pth",
            "efficientnet_b0_rwightman-3dd342df.pth"); // torchvision ≤ 0.14

        /// <summary>The tap every teacher offers besides its catalog taps: its own normalised input image, before any layer.</summary>
        public const string ImageTapName = "image";

        /// <summary>The image tap (3 channels, stride 1). It is not among a backbone's <see cref="BackboneInfo.Taps"/>: no stage
        /// computes it, and it comes before all of them. Averaged over a window and centred on the image mean, it gives a memory
        /// bank the local brightness and colour that channel-normalised deep features cannot see.</summary>
        public static TapInfo ImageTap { get; } = new TapInfo(ImageTapName, 3, 1, "the teacher's input image after its normalisation, before any layer",
            "none (the normalised image)", 0);

        private const string TwoBasicBlocks = "2 × BasicBlock";

        /// <summary>A ResNet-18 stage: two BasicBlocks, the first carrying the stride (and the shortcut when the shape changes).</summary>
        private static long BasicBlocks(int inChannels, int outChannels, int stride) =>
            LayerParameters.BasicBlock(inChannels, outChannels, stride) + LayerParameters.BasicBlock(outChannels, outChannels, 1);

        /// <summary>An EfficientNet-b0 stage as torchvision's MBConvConfig list gives it: <paramref name="repeats"/> MBConv
        /// blocks, the first from <paramref name="inChannels"/> (its stride does not change a depthwise conv's parameters).</summary>
        private static TapInfo MBConvStage(string name, int channels, int stride, string description, int inChannels, int expandRatio, int kernel, int repeats)
        {
            long parameters = 0;
            for (int block = 0; block < repeats; block++)
            {
                parameters += LayerParameters.MBConv(block == 0 ? inChannels : channels, channels, expandRatio, kernel);
            }
            return new TapInfo(name, channels, stride, description, $"{repeats} × MBConv{expandRatio} k{kernel}", parameters);
        }

        public static IReadOnlyList<BackboneInfo> All { get; } = new[] { ResNet18Info, EfficientNetB0Info };

        public static IEnumerable<string> Names => All.Select(b => b.Name);

        public static BackboneInfo? Find(string name) => All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

        public static BackboneInfo Get(string name) =>
            Find(name) ?? throw new KeyNotFoundException($"Unknown backbone '{name}'. Known backbones: {string.Join(", ", Names)}.");
    }
}
