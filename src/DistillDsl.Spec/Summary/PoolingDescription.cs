using System.Collections.Generic;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Summary
{
    /// <summary>A teacher tap's spatial and channel pooling in a few words, e.g. <c>adaptive_avg to 32×32, channel_pool 32</c>.</summary>
    public static class PoolingDescription
    {
        /// <summary>The pooling (and a tap's own centring and feature_norm) in YAML terms, or <c>none</c>.</summary>
        public static string Of(TapSpec tap)
        {
            var parts = new List<string>();
            switch (tap.Pool)
            {
                case AvgPoolSpec avg:
                    parts.Add((avg.Stride == avg.Kernel ? $"avg {avg.Kernel}×{avg.Kernel}" : $"avg {avg.Kernel}×{avg.Kernel} stride {avg.Stride}")
                              + (avg.Padding > 0 ? $" padding {avg.Padding}" : ""));
                    break;
                case AdaptiveAvgPoolSpec adaptive:
                    parts.Add($"adaptive_avg to {adaptive.Height}×{adaptive.Width}");
                    break;
            }
            if (tap.ChannelPool != null) parts.Add($"channel_pool {tap.ChannelPool.Channels}");
            if (tap.Center == TapCentering.ImageMean) parts.Add("centred on the image mean");
            if (tap.FeatureNorm is FeatureNormalization norm) parts.Add($"feature_norm {Parsing.YamlSpellings.FeatureNorm.NameOf(norm)}");
            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }
    }
}
