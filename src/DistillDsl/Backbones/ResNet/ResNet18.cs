using DistillDsl.Spec.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.ResNet;

/// <summary>ResNet-18 with torchvision's parameter and buffer names (conv1, bn1, layer1.0.conv1, …, fc), so torchvision
/// state dicts load into it by name. <see cref="ResNet18Options"/> selects torchvision's layout or the CNTK one of
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (3 blocks in stage 4, no classifier).
/// Taps (<see cref="BackboneCatalog.ResNet18Info"/>): stem (conv1 + bn1 + relu + maxpool), layer1 … layer4.</summary>
public sealed class ResNet18 : nn.Module<Tensor, Tensor>, ITappedBackbone
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear? fc;

    // Built after RegisterComponents, so the stem's sequence is not a submodule of its own (the state dict keeps
    // torchvision's names); its parts are the registered conv1, bn1, relu and maxpool.
    private readonly IReadOnlyList<BackboneStage> stages;

    public ResNet18(ResNet18Options? options = null) : base(nameof(ResNet18))
    {
        Options = options ?? ResNet18Options.Torchvision;
        if (Options.Layer4Blocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Layer4Blocks, "Stage 4 of ResNet-18 needs at least one block.");
        }

        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        relu = nn.ReLU();
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        layer1 = Stage(64, 64, 2, stride: 1);
        layer2 = Stage(64, 128, 2, stride: 2);
        layer3 = Stage(128, 256, 2, stride: 2);
        layer4 = Stage(256, 512, Options.Layer4Blocks, stride: 2);
        fc = Options.ClassifierHead ? nn.Linear(512, 1000) : null;
        RegisterComponents();
        InitialiseLikeTorchvision();
        stages =
        [
            new("stem", nn.Sequential(("conv1", conv1), ("bn1", bn1), ("relu", relu), ("maxpool", maxpool))),
            new("layer1", layer1), new("layer2", layer2), new("layer3", layer3), new("layer4", layer4),
        ];
    }

    public ResNet18Options Options { get; }

    public BackboneInfo Info => BackboneCatalog.ResNet18Info;

    public nn.Module AsModule() => this;

    /// <summary>stem = conv1 + bn1 + ReLU + 3×3/2 max pool; layerN = the module layerN.</summary>
    public IReadOnlyList<BackboneStage> Stages() => stages;

    public ITappedBackbone NewOfSameArchitecture() => new ResNet18(Options);

    /// <summary>The whole network: N×1000 logits with the classifier head, else the N×512 global-average-pooled features
    /// (torchvision's resnet18 with fc = Identity).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        foreach (BackboneStage stage in stages) x = stage.Module.call(x);
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        if (fc is not null) x = fc.call(x);
        return x.MoveToOuterDisposeScope();
    }

    public IReadOnlyDictionary<string, Tensor> ForwardTaps(Tensor input, IReadOnlyCollection<string> taps)
    {
        int deepest = TapSelection.DeepestIndex(Info, taps);
        using var scope = NewDisposeScope();
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = input;
        for (int i = 0; i <= deepest; i++)
        {
            x = stages[i].Module.call(x);
            if (taps.Contains(stages[i].Tap)) outputs[stages[i].Tap] = x;
        }
        foreach (Tensor output in outputs.Values) output.MoveToOuterDisposeScope();
        return outputs;
    }

    private Sequential Stage(int inChannels, int outChannels, int blocks, int stride)
    {
        var modules = new List<nn.Module<Tensor, Tensor>> { new BasicBlock(inChannels, outChannels, stride) };
        for (int i = 1; i < blocks; i++) modules.Add(new BasicBlock(outChannels, outChannels, 1));
        return nn.Sequential(modules);
    }

    /// <summary>torchvision's initialisation: He-normal (fan_out, ReLU) convolutions; BatchNorm weight 1 and bias 0 and the
    /// Linear defaults are already TorchSharp's.</summary>
    private void InitialiseLikeTorchvision()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            if (module is Conv2d conv) nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }
}
