using DistillDsl.Spec.Backbones;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Backbones.EfficientNet;

/// <summary>EfficientNet-b0 with torchvision 0.14's <c>efficientnet_b0()</c> layout: the same module tree, parameter and
/// buffer names and shapes (so torchvision checkpoints load as they are), batch norm eps 1e-5 and momentum 0.1, SiLU,
/// squeeze-excitation, stochastic depth 0.2 (only while training) and dropout 0.2 before the classifier.</summary>
/// <remarks>Taps: <c>stem</c> = features.0, <c>stage1</c>..<c>stage7</c> = features.1..7, <c>head</c> = features.8
/// (see <see cref="BackboneCatalog.EfficientNetB0Info"/>). <see cref="forward"/> gives the classifier's logits.</remarks>
public sealed class EfficientNetB0 : nn.Module<Tensor, Tensor>, ITappedBackbone
{
    private const int StemChannels = 32;
    private const int HeadChannels = 1280;

    private static readonly MBConvStage[] MBConvStages =
    [
        new(ExpandRatio: 1, KernelSize: 3, Stride: 1, InputChannels: 32, OutputChannels: 16, Blocks: 1),
        new(ExpandRatio: 6, KernelSize: 3, Stride: 2, InputChannels: 16, OutputChannels: 24, Blocks: 2),
        new(ExpandRatio: 6, KernelSize: 5, Stride: 2, InputChannels: 24, OutputChannels: 40, Blocks: 2),
        new(ExpandRatio: 6, KernelSize: 3, Stride: 2, InputChannels: 40, OutputChannels: 80, Blocks: 3),
        new(ExpandRatio: 6, KernelSize: 5, Stride: 1, InputChannels: 80, OutputChannels: 112, Blocks: 3),
        new(ExpandRatio: 6, KernelSize: 5, Stride: 2, InputChannels: 112, OutputChannels: 192, Blocks: 4),
        new(ExpandRatio: 6, KernelSize: 3, Stride: 1, InputChannels: 192, OutputChannels: 320, Blocks: 1),
    ];

    private readonly ModuleList<nn.Module<Tensor, Tensor>> features;
    private readonly Sequential classifier;
    private readonly (int Classes, double Dropout, double StochasticDepthProbability) layout;

    /// <param name="classes">Outputs of the classifier (ImageNet: 1000).</param>
    /// <param name="dropout">Dropout before the classifier while training.</param>
    /// <param name="stochasticDepthProbability">Drop probability of the last block's residual branch while training;
    /// block i of n gets probability × i / n, as in torchvision.</param>
    public EfficientNetB0(int classes = 1000, double dropout = 0.2, double stochasticDepthProbability = 0.2)
        : base(BackboneCatalog.EfficientNetB0)
    {
        layout = (classes, dropout, stochasticDepthProbability);
        features = nn.ModuleList(BuildFeatures(stochasticDepthProbability).ToArray());
        classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(HeadChannels, classes));
        RegisterComponents();
        InitialiseLikeTorchvision();
    }

    public BackboneInfo Info => BackboneCatalog.EfficientNetB0Info;

    public nn.Module AsModule() => this;

    /// <summary>The i-th catalog tap is features.i.</summary>
    public IReadOnlyList<BackboneStage> Stages() => Info.Taps.Select((tap, i) => new BackboneStage(tap.Name, features[i])).ToList();

    public ITappedBackbone NewOfSameArchitecture() => new EfficientNetB0(layout.Classes, layout.Dropout, layout.StochasticDepthProbability);

    /// <summary>Image batch (N×3×H×W) to class logits (N×classes).</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        Tensor x = input;
        foreach (nn.Module<Tensor, Tensor> feature in features)
        {
            x = feature.forward(x);
        }
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return classifier.forward(x).MoveToOuterDisposeScope();
    }

    public IReadOnlyDictionary<string, Tensor> ForwardTaps(Tensor input, IReadOnlyCollection<string> taps)
    {
        int deepest = TapSelection.DeepestIndex(Info, taps);
        CheckInput(input);

        var outputs = new Dictionary<string, Tensor>();
        using var scope = NewDisposeScope();
        Tensor x = input;
        for (int i = 0; i <= deepest; i++)
        {
            x = features[i].forward(x);
            string tap = Info.Taps[i].Name;
            if (taps.Contains(tap)) outputs[tap] = x;
        }
        foreach (Tensor output in outputs.Values) output.MoveToOuterDisposeScope();
        return outputs;
    }

    private static IEnumerable<nn.Module<Tensor, Tensor>> BuildFeatures(double stochasticDepthProbability)
    {
        yield return new ConvNormActivation(3, StemChannels, 3, stride: 2);

        int totalBlocks = MBConvStages.Sum(s => s.Blocks);
        int blockIndex = 0;
        foreach (MBConvStage stage in MBConvStages)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < stage.Blocks; b++)
            {
                bool first = b == 0;
                blocks.Add(new MBConvBlock(
                    inputChannels: first ? stage.InputChannels : stage.OutputChannels,
                    outputChannels: stage.OutputChannels,
                    expandRatio: stage.ExpandRatio,
                    kernelSize: stage.KernelSize,
                    stride: first ? stage.Stride : 1,
                    stochasticDepthProbability: stochasticDepthProbability * blockIndex / totalBlocks));
                blockIndex++;
            }
            yield return nn.Sequential(blocks);
        }

        yield return new ConvNormActivation(MBConvStages[^1].OutputChannels, HeadChannels, 1);
    }

    /// <summary>torchvision's initialisation: conv weights Kaiming-normal (fan out), batch norm 1 and 0, linear weights
    /// uniform in ±1/√outputs, biases 0. Only matters when no checkpoint is loaded.</summary>
    private void InitialiseLikeTorchvision()
    {
        using var noGrad = no_grad();
        foreach ((string _, nn.Module module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight!);
                    nn.init.zeros_(norm.bias!);
                    break;
                case Linear linear:
                    double range = 1.0 / Math.Sqrt(linear.weight!.shape[0]);
                    nn.init.uniform_(linear.weight, -range, range);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
            }
        }
    }

    private static void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 3)
        {
            throw new ArgumentException(
                $"EfficientNet-b0 expects an image batch of shape N×3×H×W; got [{string.Join(", ", input.shape)}].", nameof(input));
        }
    }
}
