using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static DistillDsl.Tests.Scoring.EquationTensors;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Graphs;

/// <summary>Teacher-side pooling (Eq. 1 and the channel pooling of the c_l/2 reading) on hand-computed tensors.</summary>
public class TapPoolingTests
{
    private static readonly SourceSpan Span = SourceSpan.StartOf("test");

    /// <summary>One channel, 4×4, value 4·row + column.</summary>
    private static Tensor Ramp() => arange(16, dtype: float32).reshape(1, 1, 4, 4);

    [Fact]
    public void Avg_pooling_averages_kernel_windows_at_the_stride_without_padding()
    {
        using Tensor x = Ramp();
        Equal([2.5, 4.5, 10.5, 12.5], TapPooling.Spatial(x, new AvgPoolSpec(2, 2, 0, Span)));
        // 3×3 windows at stride 1: the centre of each window.
        Equal([5, 6, 9, 10], TapPooling.Spatial(x, new AvgPoolSpec(3, 1, 0, Span)));
    }

    [Fact]
    public void Padded_avg_pooling_averages_only_the_features_a_window_covers()
    {
        using Tensor x = Ramp();
        // 3×3 at stride 1 with padding 1 keeps 4×4. Corner (0,0) covers rows 0–1 × columns 0–1: (0 + 1 + 4 + 5) / 4 = 2.5;
        // (0,1) covers rows 0–1 × columns 0–2: (0+1+2+4+5+6) / 6 = 3; an inner position is its 3×3 window's centre.
        using Tensor pooled = TapPooling.Spatial(x, new AvgPoolSpec(3, 1, 1, Span));
        Equal([2.5, 3, 4, 4.5, 4.5, 5, 6, 6.5, 8.5, 9, 10, 10.5, 10.5, 11, 12, 12.5], pooled);
    }

    [Fact]
    public void Adaptive_pooling_averages_pytorch_s_windows_for_the_output_size()
    {
        using Tensor x = Ramp();
        Equal([2.5, 4.5, 10.5, 12.5], TapPooling.Spatial(x, new AdaptiveAvgPoolSpec(2, 2, Span)));
        // 4 → 3: overlapping windows [0, 2), [1, 3), [2, 4) along each axis; mean of rows i, i+1 and columns j, j+1 = 4i + j + 2.5.
        Equal([2.5, 3.5, 4.5, 6.5, 7.5, 8.5, 10.5, 11.5, 12.5], TapPooling.Spatial(x, new AdaptiveAvgPoolSpec(3, 3, Span)));
        Equal([7.5], TapPooling.Spatial(x, new AdaptiveAvgPoolSpec(1, 1, Span)));
    }

    [Fact]
    public void Channel_pooling_averages_runs_of_adjacent_channels()
    {
        using Tensor x = tensor(new float[] { 1, 3, 5, 11 }).reshape(1, 4, 1, 1);
        Equal([2, 8], TapPooling.ChannelPool(x, new ChannelPoolSpec(2, Span)));
        Equal([5], TapPooling.ChannelPool(x, new ChannelPoolSpec(1, Span)));
        Assert.Same(x, TapPooling.ChannelPool(x, null));
        var error = Assert.Throws<ArgumentException>(() => TapPooling.ChannelPool(x, new ChannelPoolSpec(3, Span)));
        Assert.Contains("4 channels", error.Message);
    }

    [Fact]
    public void A_tap_is_pooled_spatially_then_by_channels()
    {
        // Channel c of a 2×2 map holds c + 10·(pixel index); pooled to 1×1 and to channel pairs.
        using Tensor x = (arange(4, dtype: float32).view(1, 4, 1, 1) + 10 * arange(4, dtype: float32).view(1, 1, 2, 2)).contiguous();
        var tap = new TapSpec("layer1", new AdaptiveAvgPoolSpec(1, 1, Span), new ChannelPoolSpec(2, Span), 1.0, Span, Span);
        using Tensor pooled = TapPooling.Apply(x, tap);
        Assert.Equal(new long[] { 1, 2, 1, 1 }, pooled.shape);
        Equal([0.5 + 15, 2.5 + 15], pooled); // pixel mean 15; channel pairs (0, 1) and (2, 3)
        Assert.Same(x, TapPooling.Apply(x, new TapSpec("layer1", null, null, 1.0, Span, Span)));
    }

    [Fact]
    public void Centring_subtracts_each_channel_s_mean_over_the_image_after_the_pooling()
    {
        // Two channels: the ramp (mean 7.5) and the ramp times 2 plus 1 (mean 16).
        using Tensor x = cat([Ramp(), Ramp() * 2 + 1], 1);
        Equal([-7.5, -6.5, -5.5, -4.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5,
               -15, -13, -11, -9, -7, -5, -3, -1, 1, 3, 5, 7, 9, 11, 13, 15], TapPooling.Center(x, TapCentering.ImageMean));
        Assert.Same(x, TapPooling.Center(x, TapCentering.None));

        // In a tap: 2×2 windows first (2.5, 4.5, 10.5, 12.5; mean 7.5), then the centring.
        var tap = new TapSpec("image", new AvgPoolSpec(2, 2, 0, Span), null, 1, Span, Span, TapCentering.ImageMean);
        using Tensor pooled = TapPooling.Apply(Ramp(), tap);
        Equal([-5, -3, 3, 5], pooled);
    }
}
