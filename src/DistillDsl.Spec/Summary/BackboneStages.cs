using System;
using System.Collections.Generic;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Summary
{
    /// <summary>What each catalog stage of a backbone is made of and how many parameters it has, in torchvision's layout
    /// (ResNet-18: stem = conv1 + bn1, layerN = two BasicBlocks; EfficientNet-b0: stem = features.0,
    /// stageK = features.K, head = features.8). Channels and strides come from the <see cref="BackboneCatalog"/>;
    /// only what the catalog does not say (block types, kernels, expansion ratios, repeats) is written here.</summary>
    public static class BackboneStages
    {
        /// <summary>The layout of one EfficientNet-b0 stage: <paramref name="Repeats"/> MBConv blocks.</summary>
        private sealed record MBConvStage(int ExpandRatio, int Kernel, int Repeats);

        /// <summary>torchvision's efficientnet_b0 stages (its MBConvConfig list), by catalog tap name.</summary>
        private static readonly Dictionary<string, MBConvStage> EfficientNetB0Stages = new Dictionary<string, MBConvStage>
        {
            ["stage1"] = new MBConvStage(1, 3, 1),
            ["stage2"] = new MBConvStage(6, 3, 2),
            ["stage3"] = new MBConvStage(6, 5, 2),
            ["stage4"] = new MBConvStage(6, 3, 3),
            ["stage5"] = new MBConvStage(6, 5, 3),
            ["stage6"] = new MBConvStage(6, 5, 4),
            ["stage7"] = new MBConvStage(6, 3, 1),
        };

        private const int ImageChannels = 3;

        /// <summary>The backbone's stages from the first up to the catalog tap <paramref name="deepestTapIndex"/>, with their
        /// outputs at <paramref name="input"/>.</summary>
        public static IReadOnlyList<ModuleSummary> UpTo(BackboneInfo backbone, int deepestTapIndex, Model.InputSpec input)
        {
            var modules = new List<ModuleSummary>();
            for (int i = 0; i <= deepestTapIndex; i++)
            {
                TapInfo tap = backbone.Taps[i];
                int inChannels = i == 0 ? ImageChannels : backbone.Taps[i - 1].Channels;
                int stride = ShapeInference.StrideStep(backbone, i);
                var (kind, parameters) = Stage(backbone.Name, tap, inChannels, stride);
                modules.Add(new ModuleSummary(tap.Name, kind, inChannels, tap.Channels, stride, ShapeInference.TeacherTap(tap, input), parameters));
            }
            return modules;
        }

        private static (string Kind, long Parameters) Stage(string backbone, TapInfo tap, int inChannels, int stride)
        {
            switch (backbone)
            {
                case BackboneCatalog.ResNet18:
                    return ResNet18Stage(tap, inChannels, stride);
                case BackboneCatalog.EfficientNetB0:
                    return EfficientNetB0Stage(tap, inChannels);
                default:
                    throw new ArgumentException($"No stage layout for backbone '{backbone}'.", nameof(backbone));
            }
        }

        private static (string Kind, long Parameters) ResNet18Stage(TapInfo tap, int inChannels, int stride)
        {
            if (tap.Name == "stem")
            {
                return ("conv 7×7 + BN + ReLU + max pool 3×3", LayerParameters.ConvBn(inChannels, tap.Channels, 7));
            }
            long blocks = LayerParameters.BasicBlock(inChannels, tap.Channels, stride) + LayerParameters.BasicBlock(tap.Channels, tap.Channels, 1);
            return ("2 × BasicBlock", blocks);
        }

        private static (string Kind, long Parameters) EfficientNetB0Stage(TapInfo tap, int inChannels)
        {
            if (tap.Name == "stem") return ("conv 3×3 + BN + SiLU", LayerParameters.ConvBn(inChannels, tap.Channels, 3));
            if (tap.Name == "head") return ("conv 1×1 + BN + SiLU", LayerParameters.ConvBn(inChannels, tap.Channels, 1));

            // The first block carries the stride, which does not change a depthwise conv's parameter count.
            MBConvStage stage = EfficientNetB0Stages[tap.Name];
            long parameters = 0;
            for (int block = 0; block < stage.Repeats; block++)
            {
                parameters += LayerParameters.MBConv(block == 0 ? inChannels : tap.Channels, tap.Channels, stage.ExpandRatio, stage.Kernel);
            }
            return ($"{stage.Repeats} × MBConv{stage.ExpandRatio} k{stage.Kernel}", parameters);
        }
    }
}
