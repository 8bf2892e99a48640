using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>One step of a fused inference network (<see cref="LayerFusion"/>): a plain function of its input, owning copies
/// of the weights it needs. Meant to run under <c>torch.inference_mode()</c>.</summary>
internal abstract class FusedLayer : IDisposable
{
    /// <summary>The layer's output, a new tensor (in the caller's dispose scope when there is one). The input is not changed.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Converts the weights to channels-last memory format (for channels-last inputs).</summary>
    public virtual void UseChannelsLast() { }

    public abstract void Dispose();
}
