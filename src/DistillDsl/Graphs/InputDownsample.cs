using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>A teacher's <c>downsample</c>: the normalised image averaged over k×k blocks (PyTorch's <c>AvgPool2d(k)</c>),
/// which the teacher and its student then read. The same layers at half the resolution see structures twice as large,
/// so a second teacher with <c>downsample: 2</c> beside the first compares one surface at two scales.</summary>
public static class InputDownsample
{
    /// <summary>[B, C, H, W] → [B, C, H / k, W / k]; the input itself when <paramref name="factor"/> is 1.</summary>
    public static Tensor Apply(Tensor input, int factor) =>
        factor == 1 ? input : nn.functional.avg_pool2d(input, [factor, factor], [factor, factor]);
}
