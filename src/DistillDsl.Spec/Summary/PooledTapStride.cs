using System;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Summary
{
    /// <summary>The stride from the input image to a teacher tap after its spatial pooling.</summary>
    public static class PooledTapStride
    {
        /// <summary>The catalog stride times the pooling's own stride: <c>avg</c> pooling's stride, or for
        /// <c>adaptive_avg</c> the tap's height over the pooled height (exact when it divides evenly, else rounded).</summary>
        public static int Of(TapInfo tap, TapSpec spec, InputSpec input) =>
            tap.Stride * PoolingStride(ShapeInference.TeacherTap(tap, input), spec.Pool);

        /// <summary>How much a pooling shrinks each side: 1 for none.</summary>
        public static int PoolingStride(FeatureShape unpooled, SpatialPoolSpec? pool)
        {
            switch (pool)
            {
                case null:
                    return 1;
                case AvgPoolSpec avg:
                    return avg.Stride;
                case AdaptiveAvgPoolSpec adaptive:
                    return Math.Max(1, (int)Math.Round((double)unpooled.Height / adaptive.Height, MidpointRounding.AwayFromZero));
                default:
                    throw new ArgumentException($"Unknown pooling {pool.GetType().Name}.", nameof(pool));
            }
        }
    }
}
