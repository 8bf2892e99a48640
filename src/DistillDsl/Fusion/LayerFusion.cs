using DistillDsl.Backbones;
using DistillDsl.Backbones.EfficientNet;
using DistillDsl.Backbones.ResNet;
using DistillDsl.Methods.ReverseDistillation;
using DistillDsl.Students;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Turns the modules a <see cref="Graphs.DistillGraph"/> is built from (ResNet-18, EfficientNet-b0, the students'
/// stages) into fused inference layers: every convolution followed by a batch norm becomes one convolution
/// (<see cref="ConvBatchNormFolding"/>), a ReLU / SiLU right after a convolution runs in place on its output, and the
/// residual blocks keep their structure. The result computes what the modules compute in eval mode, with copies of their
/// weights, so later changes to the modules do not reach it.</summary>
/// <exception cref="NotSupportedException">A module kind the fusion does not know (a new block or student layer needs a case
/// here; a new backbone made of known blocks does not).</exception>
internal static class LayerFusion
{
    /// <summary>The teacher's stages from its first catalog tap to <paramref name="deepestTap"/>, named after the taps.</summary>
    public static List<(string Tap, FusedLayer Stage)> TeacherStages(ITappedBackbone backbone, int deepestTap) =>
        backbone.Stages().Take(deepestTap + 1).Select(stage => (stage.Tap, Fuse(stage.Module))).ToList();

    /// <summary>The student's stages in forward order, named as the student names them.</summary>
    public static List<(string Name, FusedLayer Stage)> StudentStages(StagedStudent student) =>
        student.StageNames.Select(name => (name, Fuse(Child(student, name)))).ToList();

    public static FusedLayer Fuse(nn.Module module) => module switch
    {
        Sequential sequential => Chain(sequential.children()),
        ModuleList<nn.Module<Tensor, Tensor>> list => Chain(list.children()),
        BasicBlock block => new FusedBasicBlock(
            new FusedConvolution(Child<Conv2d>(block, "conv1"), Child<BatchNorm2d>(block, "bn1"), FusedActivation.ReLU),
            new FusedConvolution(Child<Conv2d>(block, "conv2"), Child<BatchNorm2d>(block, "bn2"), FusedActivation.None),
            block.named_children().Any(c => c.name == "downsample") ? SingleConvolution(Chain(Child(block, "downsample").children())) : null),
        ConvNormActivation convolution => new FusedConvolution(Child<Conv2d>(convolution, "0"), Child<BatchNorm2d>(convolution, "1"),
            convolution.AppliesSiLU ? FusedActivation.SiLU : FusedActivation.None),
        MBConvBlock block => new FusedMBConvBlock(Chain(Child(block, "block").children()), block.UsesResidual),
        SqueezeExcitation excitation => new FusedSqueezeExcitation(
            new FusedConvolution(Child<Conv2d>(excitation, "fc1"), null, FusedActivation.SiLU),
            new FusedConvolution(Child<Conv2d>(excitation, "fc2"), null, FusedActivation.Sigmoid)),
        UpsamplingBlock block => new FusedUpsamplingBlock(
            new FusedTransposedConvolution(Child<ConvTranspose2d>(block, "conv1"), Child<BatchNorm2d>(block, "bn1"), FusedActivation.ReLU),
            new FusedConvolution(Child<Conv2d>(block, "conv2"), Child<BatchNorm2d>(block, "bn2"), FusedActivation.None),
            SingleTransposedConvolution(Chain(Child(block, "upsample").children()))),
        Conv2d convolution => new FusedConvolution(convolution, null, FusedActivation.None),
        ConvTranspose2d convolution => new FusedTransposedConvolution(convolution, null, FusedActivation.None),
        MaxPool2d pool => new FusedMaxPool(pool.kernel_size, pool.stride, pool.padding, pool.dilation, pool.ceil_mode),
        _ => throw new NotSupportedException($"The fast inference path cannot fuse a {module.GetType().Name} ('{module.GetName()}')."),
    };

    /// <summary>Modules in order: a convolution takes the batch norm right after it, and a ReLU / SiLU right after that.</summary>
    private static FusedSequence Chain(IEnumerable<nn.Module> modules)
    {
        var list = modules.ToList();
        var layers = new List<FusedLayer>();
        for (int i = 0; i < list.Count; i++)
        {
            switch (list[i])
            {
                case Conv2d convolution:
                    BatchNorm2d? norm = i + 1 < list.Count ? list[i + 1] as BatchNorm2d : null;
                    if (norm is not null) i++;
                    layers.Add(new FusedConvolution(convolution, norm, FusedActivation.None));
                    break;
                case ConvTranspose2d transposed:
                    BatchNorm2d? after = i + 1 < list.Count ? list[i + 1] as BatchNorm2d : null;
                    if (after is not null) i++;
                    layers.Add(new FusedTransposedConvolution(transposed, after, FusedActivation.None));
                    break;
                case ReLU:
                    ActivateLast(layers, FusedActivation.ReLU);
                    break;
                case SiLU:
                    ActivateLast(layers, FusedActivation.SiLU);
                    break;
                default:
                    layers.Add(Fuse(list[i]));
                    break;
            }
        }
        return new FusedSequence(layers);
    }

    private static void ActivateLast(List<FusedLayer> layers, FusedActivation activation)
    {
        switch (layers.Count == 0 ? null : layers[^1])
        {
            case FusedConvolution { Activation: FusedActivation.None } convolution:
                convolution.Activation = activation;
                break;
            case FusedTransposedConvolution { Activation: FusedActivation.None } transposed when activation == FusedActivation.ReLU:
                transposed.Activation = activation;
                break;
            default:
                throw new NotSupportedException($"The fast inference path fuses a {activation} only right after a convolution (and its batch norm).");
        }
    }

    private static FusedTransposedConvolution SingleTransposedConvolution(FusedSequence sequence) =>
        sequence.Layers is [FusedTransposedConvolution convolution] ? convolution
        : throw new NotSupportedException("An upsampling shortcut must be one transposed convolution with its batch norm.");

    private static FusedConvolution SingleConvolution(FusedSequence sequence) =>
        sequence.Layers is [FusedConvolution convolution] ? convolution
        : throw new NotSupportedException("A residual shortcut must be one convolution with its batch norm.");

    private static nn.Module Child(nn.Module parent, string name) =>
        parent.named_children().FirstOrDefault(c => c.name == name).module
        ?? throw new InvalidOperationException($"{parent.GetName()} has no submodule '{name}'.");

    private static T Child<T>(nn.Module parent, string name) where T : nn.Module =>
        Child(parent, name) as T ?? throw new InvalidOperationException($"The submodule '{name}' of {parent.GetName()} is not a {typeof(T).Name}.");
}
