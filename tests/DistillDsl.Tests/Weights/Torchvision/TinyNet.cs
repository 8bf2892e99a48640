using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Weights.Torchvision;

/// <summary>The module of Fixtures/Torchvision/make_tiny_checkpoints.py: conv (2→3, 3×3), bn (3), fc (3→2).</summary>
internal sealed class TinyNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly Linear fc;

    public TinyNet(long convOutputs = 3)
        : base(nameof(TinyNet))
    {
        conv = nn.Conv2d(2, convOutputs, 3);
        bn = nn.BatchNorm2d(convOutputs);
        fc = nn.Linear(convOutputs, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor features = nn.functional.adaptive_avg_pool2d(bn.forward(conv.forward(input)), 1).flatten(1);
        return fc.forward(features).MoveToOuterDisposeScope();
    }
}
