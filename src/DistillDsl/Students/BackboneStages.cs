using DistillDsl.Backbones;
using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Weights.Torchvision;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Students;

/// <summary>Splits a fresh copy of a backbone into one module per catalog tap, in forward order, so a student can
/// be the teacher's own architecture with tap-named stages. Relies on the backbones' torchvision module names
/// (ResNet-18: conv1, bn1, layer1…layer4; EfficientNet-b0: features.0…features.8), which their state dicts fix anyway.</summary>
internal static class BackboneStages
{
    /// <summary>The stages of a new backbone shaped like <paramref name="teacher"/> (same layout options), from the first
    /// catalog tap up to <paramref name="lastTapIndex"/>; with <paramref name="copyWeights"/>, starting from the teacher's
    /// parameters and batch-norm statistics.</summary>
    public static List<(string Name, nn.Module<Tensor, Tensor> Stage)> CopyOf(ITappedBackbone teacher, int lastTapIndex, bool copyWeights)
    {
        nn.Module copy = teacher switch
        {
            ResNet18 resnet => new ResNet18(resnet.Options),
            EfficientNetB0 => new EfficientNetB0(),
            _ => throw new NotSupportedException($"No mirror student for the backbone type {teacher.GetType().Name} ({teacher.Info.Name})."),
        };
        if (copyWeights)
        {
            StateDictLoader.Load(copy, teacher.AsModule().state_dict(), $"the {teacher.Info.Name} teacher's weights");
        }
        List<(string, nn.Module<Tensor, Tensor>)> stages = copy switch
        {
            ResNet18 resnet => ResNetStages(resnet),
            EfficientNetB0 efficientNet => EfficientNetStages(efficientNet),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return stages.Take(lastTapIndex + 1).ToList();
    }

    /// <summary>stem = conv1 + bn1 + ReLU + max pool; layerN = layerN.</summary>
    private static List<(string, nn.Module<Tensor, Tensor>)> ResNetStages(ResNet18 resnet)
    {
        var stages = new List<(string, nn.Module<Tensor, Tensor>)> { ("stem", StudentLayers.ResNetStem(Child(resnet, "conv1"), Child(resnet, "bn1"))) };
        foreach (string tap in resnet.Info.TapNames.Skip(1)) stages.Add((tap, Child(resnet, tap)));
        return stages;
    }

    /// <summary>The i-th catalog tap is features.i.</summary>
    private static List<(string, nn.Module<Tensor, Tensor>)> EfficientNetStages(EfficientNetB0 efficientNet)
    {
        nn.Module features = efficientNet.named_children().Single(c => c.name == "features").module;
        return efficientNet.Info.TapNames.Select((tap, i) => (tap, Child(features, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
    }

    private static nn.Module<Tensor, Tensor> Child(nn.Module parent, string name) =>
        parent.named_children().SingleOrDefault(c => c.name == name).module as nn.Module<Tensor, Tensor>
        ?? throw new InvalidOperationException($"{parent.GetName()} has no tensor-to-tensor submodule '{name}'.");
}
