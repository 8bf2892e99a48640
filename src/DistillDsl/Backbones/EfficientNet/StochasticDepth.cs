using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Backbones.EfficientNet;

/// <summary>torchvision's stochastic depth in "row" mode: while training, each sample's residual branch is dropped
/// with the given probability and the survivors are scaled by 1 / (1 − probability); outside training it is the identity.</summary>
internal static class StochasticDepth
{
    public static Tensor DropRows(Tensor branch, double probability, bool training)
    {
        if (probability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Stochastic depth probability must be in [0, 1].");
        }
        if (!training || probability == 0) return branch;

        double survival = 1 - probability;
        long[] rowShape = [branch.shape[0], .. Enumerable.Repeat(1L, (int)branch.dim() - 1)];
        using Tensor keep = empty(rowShape, branch.dtype, branch.device).bernoulli_(survival);
        if (survival > 0) ScalarArithmetic.DivInPlace(keep, survival);
        return branch * keep;
    }
}
