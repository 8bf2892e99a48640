using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>What a teacher tap's features go through before they meet the student's: spatial pooling, then channel pooling
/// (paper Eq. 1 and our reading of its c_l/2 students; see docs/config-reference.md), then the tap's centring. Both poolings
/// average, so their order does not change the result. Without pooling or centring the input itself is returned.</summary>
public static class TapPooling
{
    public static Tensor Apply(Tensor features, TapSpec tap)
    {
        // Only tensors made in this scope may be moved out of it: the input belongs to the caller.
        if (tap.Pool is null && tap.Center == TapCentering.None) return ChannelPool(features, tap.ChannelPool);
        using var scope = NewDisposeScope();
        return Center(ChannelPool(Spatial(features, tap.Pool), tap.ChannelPool), tap.Center).MoveToOuterDisposeScope();
    }

    /// <summary>None, or each channel minus its mean over the image's positions ([B, C, h, w] → the same shape).</summary>
    public static Tensor Center(Tensor features, TapCentering center) => center switch
    {
        TapCentering.None => features,
        TapCentering.ImageMean => features - features.mean([2, 3], keepdim: true),
        _ => throw new ArgumentOutOfRangeException(nameof(center), center, "unknown centring."),
    };

    /// <summary>None; <c>AvgPool2d(kernel, stride, padding, count_include_pad=False)</c>; or <c>AdaptiveAvgPool2d(size)</c>.</summary>
    public static Tensor Spatial(Tensor features, SpatialPoolSpec? pool) => pool switch
    {
        null => features,
        AvgPoolSpec avg => nn.functional.avg_pool2d(features, [avg.Kernel, avg.Kernel], [avg.Stride, avg.Stride], [avg.Padding, avg.Padding],
                                                    count_include_pad: false),
        AdaptiveAvgPoolSpec adaptive => nn.functional.adaptive_avg_pool2d(features, [adaptive.Height, adaptive.Width]),
        _ => throw new ArgumentException($"Unknown pooling {pool.GetType().Name}.", nameof(pool)),
    };

    /// <summary>[B, C, h, w] → [B, c, h, w]: output channel j is the mean of input channels j·k … j·k + k − 1, k = C / c.</summary>
    public static Tensor ChannelPool(Tensor features, ChannelPoolSpec? channelPool)
    {
        if (channelPool is null) return features;
        long channels = features.shape[1];
        int pooled = channelPool.Channels;
        if (pooled < 1 || channels % pooled != 0)
        {
            throw new ArgumentException($"Channel pooling to {pooled} channels needs a divisor of the features' {channels} channels.", nameof(channelPool));
        }
        using var scope = NewDisposeScope();
        Tensor grouped = features.reshape(features.shape[0], pooled, channels / pooled, features.shape[2], features.shape[3]);
        return grouped.mean([2]).MoveToOuterDisposeScope();
    }
}
