using DistillDsl.Backbones.ResNet;
using DistillDsl.Spec.Backbones;
using DistillDsl.Students;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Methods.ReverseDistillation;

/// <summary>Reverse Distillation's one-class bottleneck embedding (OCBE): multi-scale feature fusion, then one-class
/// embedding. Every tap above the deepest is brought to the deepest tap's resolution by strided 3×3 convolutions
/// (+ batch norm + ReLU; one per stage between them, each to the next stage's channels: layer1 64 → 128 → 256, layer2
/// 128 → 256), concatenated along the channels with the deepest tap (taps in encoder order), and run through one
/// residual stage like the backbone's next one (BasicBlocks, the first with stride 2 and a 1×1 projection): for ResNet-18
/// layer1–3, 768 channels at 1/16 → 512 at 1/32. Names: <c>reduce_&lt;tap&gt;</c> (their convs <c>0.conv</c>, <c>0.bn</c>, …),
/// <c>stage.0</c>, <c>stage.1</c>, ….</summary>
internal sealed class OneClassBottleneck : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    private readonly List<(string Name, Sequential Reduce)> reducers = [];
    private readonly Sequential stage;

    /// <param name="tapIndices">The teacher's tapped catalog indices, in encoder order.</param>
    public OneClassBottleneck(BackboneInfo backbone, IReadOnlyList<int> tapIndices, int blocks) : base(nameof(OneClassBottleneck))
    {
        TapIndices = tapIndices;
        int deepest = tapIndices[^1];
        foreach (int index in tapIndices.Take(tapIndices.Count - 1))
        {
            var convs = new List<nn.Module<Tensor, Tensor>>();
            for (int i = index; i < deepest; i++) convs.Add(StudentLayers.ConvBnRelu(backbone.Taps[i].Channels, backbone.Taps[i + 1].Channels, 3, 2));
            reducers.Add(("reduce_" + backbone.Taps[index].Name, nn.Sequential(convs)));
        }
        int concatenated = tapIndices.Count * backbone.Taps[deepest].Channels;
        OutChannels = backbone.Taps[deepest + 1].Channels;
        var layers = new List<nn.Module<Tensor, Tensor>> { new BasicBlock(concatenated, OutChannels, 2) };
        for (int i = 1; i < blocks; i++) layers.Add(new BasicBlock(OutChannels, OutChannels, 1));
        stage = nn.Sequential(layers);
        foreach (var (name, reduce) in reducers) register_module(name, reduce);
        RegisterComponents();
    }

    public IReadOnlyList<int> TapIndices { get; }

    public int OutChannels { get; }

    /// <summary>The convolutions that bring each tap above the deepest to its resolution, in tap order.</summary>
    public IReadOnlyList<(string Name, Sequential Reduce)> Reducers => reducers;

    public Sequential Stage => stage;

    /// <param name="taps">The teacher's taps in encoder order (the deepest last).</param>
    public override Tensor forward(IReadOnlyList<Tensor> taps)
    {
        if (taps.Count != TapIndices.Count) throw new ArgumentException($"The bottleneck takes {TapIndices.Count} taps, not {taps.Count}.", nameof(taps));
        using var scope = NewDisposeScope();
        var fused = new List<Tensor>(taps.Count);
        for (int i = 0; i < reducers.Count; i++) fused.Add(reducers[i].Reduce.call(taps[i]));
        fused.Add(taps[^1]);
        return stage.call(cat(fused, 1)).MoveToOuterDisposeScope();
    }
}
