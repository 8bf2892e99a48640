using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Fused layers run one after the other; the intermediate outputs are freed as soon as the next layer has run.</summary>
internal sealed class FusedSequence(IReadOnlyList<FusedLayer> layers) : FusedLayer
{
    public IReadOnlyList<FusedLayer> Layers { get; } = layers;

    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (FusedLayer layer in Layers)
        {
            Tensor next = layer.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }

    public override void UseChannelsLast()
    {
        foreach (FusedLayer layer in Layers) layer.UseChannelsLast();
    }

    public override void Dispose()
    {
        foreach (FusedLayer layer in Layers) layer.Dispose();
    }
}
