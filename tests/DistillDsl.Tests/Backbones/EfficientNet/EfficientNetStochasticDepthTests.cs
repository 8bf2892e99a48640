using DistillDsl.Backbones.EfficientNet;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Backbones.EfficientNet;

public class EfficientNetStochasticDepthTests
{
    [Fact]
    public void Outside_training_the_branch_is_kept_as_it_is()
    {
        using Tensor branch = ones(8, 4, 2, 2);
        using Tensor result = StochasticDepth.DropRows(branch, 0.5, training: false);
        Assert.Equal(branch.data<float>().ToArray(), result.data<float>().ToArray());
    }

    [Fact]
    public void While_training_whole_rows_are_dropped_and_survivors_rescaled()
    {
        manual_seed(1);
        using Tensor branch = ones(400, 3, 2, 2);
        using Tensor result = StochasticDepth.DropRows(branch, 0.25, training: true);

        // Each sample is either all zero or all 1 / (1 − 0.25).
        using Tensor rowMin = result.amin([1, 2, 3]);
        using Tensor rowMax = result.amax([1, 2, 3]);
        Assert.Equal(rowMax.data<float>().ToArray(), rowMin.data<float>().ToArray());
        float[] rows = rowMin.data<float>().ToArray();
        Assert.All(rows, v => Assert.True(v == 0f || Math.Abs(v - 1f / 0.75f) < 1e-6, $"row value {v}"));
        double dropped = rows.Count(v => v == 0f) / (double)rows.Length;
        Assert.InRange(dropped, 0.15, 0.35);
    }

    [Fact]
    public void A_residual_block_with_probability_one_passes_its_input_through_only_while_training()
    {
        using var block = new MBConvBlock(16, 16, expandRatio: 6, kernelSize: 3, stride: 1, stochasticDepthProbability: 1.0);
        using Tensor input = randn(2, 16, 8, 8);

        block.train();
        using (Tensor trained = block.forward(input))
        {
            Assert.Equal(input.data<float>().ToArray(), trained.data<float>().ToArray());
        }

        block.eval();
        using Tensor evaluated = block.forward(input);
        Assert.True((evaluated - input).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void A_probability_outside_zero_to_one_is_rejected()
    {
        using Tensor branch = ones(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => StochasticDepth.DropRows(branch, 1.5, training: true));
    }
}
