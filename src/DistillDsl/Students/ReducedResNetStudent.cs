using DistillDsl.Spec.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DistillDsl.Students;

/// <summary>The Reduced Student of the paper (§3.2), shaped after its ResNet-18 teacher: the same stem
/// (7×7/2 conv, BN, ReLU, 3×3/2 max pool), then per stage one 3×3 conv + BN + ReLU for each teacher block
/// instead of the block's two, stride 2 at the start of stages 2 and 3. It outputs the teacher's channel count
/// at each tap, randomly initialised, and stops after the deepest tap it is asked for.</summary>
public sealed class ReducedResNetStudent : Module<Tensor, Dictionary<string, Tensor>>
{
    /// <summary>Taps this student can produce, in forward order (a prefix of ResNet-18's).</summary>
    public static IReadOnlyList<string> SupportedTaps { get; } = ["stem", "layer1", "layer2", "layer3"];

    private readonly Sequential stem;
    private readonly ModuleList<Sequential> stages;
    private readonly string[] taps;
    private readonly int deepestStage;

    public ReducedResNetStudent(IReadOnlyCollection<string> taps, int convsPerStage = 2) : base(nameof(ReducedResNetStudent))
    {
        foreach (string tap in taps)
        {
            if (!SupportedTaps.Contains(tap))
            {
                throw new ArgumentException($"The reduced ResNet student has no tap '{tap}'; valid taps: {string.Join(", ", SupportedTaps)}.", nameof(taps));
            }
        }
        if (convsPerStage < 1) throw new ArgumentOutOfRangeException(nameof(convsPerStage), convsPerStage, "A stage needs at least one convolution.");
        this.taps = taps.ToArray();
        deepestStage = this.taps.Max(t => SupportedTaps.ToList().IndexOf(t));

        var info = BackboneCatalog.ResNet18Info;
        stem = Sequential(
            Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false),
            BatchNorm2d(64),
            ReLU(inplace: true),
            MaxPool2d(3, stride: 2, padding: 1));

        stages = new ModuleList<Sequential>();
        long inChannels = 64;
        for (int stage = 1; stage <= deepestStage; stage++)
        {
            long outChannels = info.FindTap($"layer{stage}")!.Channels;
            var layers = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < convsPerStage; i++)
            {
                long stride = stage > 1 && i == 0 ? 2 : 1;
                layers.Add(($"conv{i}", Conv2d(i == 0 ? inChannels : outChannels, outChannels, 3, stride: stride, padding: 1, bias: false)));
                layers.Add(($"bn{i}", BatchNorm2d(outChannels)));
                layers.Add(($"relu{i}", ReLU(inplace: true)));
            }
            stages.Add(Sequential(layers));
            inChannels = outChannels;
        }
        RegisterComponents();
    }

    public override Dictionary<string, Tensor> forward(Tensor input)
    {
        var outputs = new Dictionary<string, Tensor>();
        Tensor x = stem.forward(input);
        if (taps.Contains("stem")) outputs["stem"] = x;
        for (int stage = 1; stage <= stages.Count; stage++)
        {
            x = stages[stage - 1].forward(x);
            string name = $"layer{stage}";
            if (taps.Contains(name)) outputs[name] = x;
        }
        return outputs;
    }
}
