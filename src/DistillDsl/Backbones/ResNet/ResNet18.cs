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
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly Linear? fc;

    public ResNet18(ResNet18Options? options = null) : base(nameof(ResNet18))
    {
        Options = options ?? ResNet18Options.Torchvision;
        if (Options.Layer4Blocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Layer4Blocks, "Stage 4 of ResNet-18 needs at least one block.");
        }

        conv1 = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        layer1 = Stage(64, 64, 2, stride: 1);
        layer2 = Stage(64, 128, 2, stride: 2);
        layer3 = Stage(128, 256, 2, stride: 2);
        layer4 = Stage(256, 512, Options.Layer4Blocks, stride: 2);
        fc = Options.ClassifierHead ? nn.Linear(512, 1000) : null;
        RegisterComponents();
        InitialiseLikeTorchvision();
    }

    public ResNet18Options Options { get; }

    public BackboneInfo Info => BackboneCatalog.ResNet18Info;

    public nn.Module AsModule() => this;

    /// <summary>The whole network: N×1000 logits with the classifier head, else the N×512 global-average-pooled features
    /// (torchvision's resnet18 with fc = Identity).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = layer4.call(layer3.call(layer2.call(layer1.call(Stem(input)))));
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
            string tap = Info.Taps[i].Name;
            x = RunStage(tap, x);
            if (taps.Contains(tap)) outputs[tap] = x;
        }
        foreach (Tensor output in outputs.Values) output.MoveToOuterDisposeScope();
        return outputs;
    }

    private Tensor RunStage(string tap, Tensor x) => tap switch
    {
        "stem" => Stem(x),
        "layer1" => layer1.call(x),
        "layer2" => layer2.call(x),
        "layer3" => layer3.call(x),
        "layer4" => layer4.call(x),
        _ => throw new InvalidOperationException($"BackboneCatalog lists a ResNet-18 tap '{tap}' that {nameof(ResNet18)} does not implement."),
    };

    private Tensor Stem(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = bn1.call(conv1.call(input)).relu_();
        return nn.functional.max_pool2d(x, 3, 2, 1).MoveToOuterDisposeScope();
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
