using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>2-D max pooling (no weights).</summary>
internal sealed class FusedMaxPool(long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceilMode) : FusedLayer
{
    public override Tensor Forward(Tensor input) =>
        nn.functional.max_pool2d(input, kernel, stride, padding, dilation, ceilMode);

    public override void Dispose() { }
}
