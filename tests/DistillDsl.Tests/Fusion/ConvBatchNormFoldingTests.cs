using DistillDsl.Fusion;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Fusion;

public class ConvBatchNormFoldingTests
{
    /// <summary>Random weights, random batch-norm statistics and affine parameters (far from the identity the initialisation
    /// gives), eval mode: the folded convolution equals conv followed by bn on random data, for plain, strided, biased and
    /// depthwise convolutions.</summary>
    [Theory]
    [InlineData(8, 16, 3, 1, 1, false)]
    [InlineData(8, 16, 7, 2, 1, false)]
    [InlineData(16, 32, 1, 2, 1, true)]
    [InlineData(12, 12, 5, 2, 12, false)]
    public void The_folded_convolution_equals_conv_then_batch_norm_in_eval_mode(int inChannels, int outChannels, int kernel, int stride, int groups, bool bias)
    {
        var generator = new Generator(11);
        using Conv2d conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, groups: groups, bias: bias);
        using BatchNorm2d norm = nn.BatchNorm2d(outChannels, eps: 1e-3);
        using (no_grad())
        {
            conv.weight!.normal_(0, 0.3, generator);
            conv.bias?.normal_(0, 0.5, generator);
            RandomiseBatchNorm(norm, generator);
        }
        conv.eval();
        norm.eval();
        using Tensor x = randn([2, inChannels, 17, 20], generator: generator);

        using Tensor expected = norm.call(conv.call(x));
        var (weight, foldedBias) = ConvBatchNormFolding.Fold(conv, norm);
        using (weight)
        using (foldedBias)
        using (Tensor actual = nn.functional.conv2d(x, weight, foldedBias, [stride, stride], [kernel / 2, kernel / 2], [1, 1], groups))
        {
            Assert.Equal(expected.shape, actual.shape);
            double scale = expected.abs().max().item<float>();
            double difference = (actual - expected).abs().max().item<float>();
            Assert.True(scale > 1, $"the test data is too small to show anything (largest output {scale})");
            Assert.True(difference <= 1e-5 * scale, $"folded differs by {difference} (largest output {scale})");
        }
    }

    [Fact]
    public void Without_a_batch_norm_the_weights_are_copied_not_shared()
    {
        using Conv2d conv = nn.Conv2d(3, 4, 3, bias: true);
        var (weight, bias) = ConvBatchNormFolding.Fold(conv, null);
        using (weight)
        using (bias)
        {
            Assert.True(weight.eq(conv.weight!).all().item<bool>());
            Assert.True(bias!.eq(conv.bias!).all().item<bool>());
            using (no_grad()) conv.weight!.add_(1);
            Assert.False(weight.eq(conv.weight!).all().item<bool>());
        }
    }

    [Fact]
    public void A_batch_norm_of_another_width_is_refused()
    {
        using Conv2d conv = nn.Conv2d(3, 4, 3);
        using BatchNorm2d norm = nn.BatchNorm2d(5);
        var error = Assert.Throws<ArgumentException>(() => ConvBatchNormFolding.Fold(conv, norm));
        Assert.Contains("5 channels", error.Message);
    }

    /// <summary>Affine parameters and running statistics drawn far from the identity (weight 1, bias 0, mean 0, var 1).</summary>
    internal static void RandomiseBatchNorm(BatchNorm2d norm, Generator generator)
    {
        using var noGrad = no_grad();
        norm.weight!.uniform_(0.5, 1.5, generator);
        norm.bias!.normal_(0, 0.5, generator);
        norm.running_mean!.normal_(0, 0.5, generator);
        norm.running_var!.uniform_(0.3, 2.0, generator);
    }
}
