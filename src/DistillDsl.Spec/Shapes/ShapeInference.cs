using System;
using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Shapes
{
    /// <summary>Feature shapes at a given input size, computed from the catalog's channels and strides without building
    /// a network. Every stride-s layer here (3×3 or 7×7 convs with "same" padding, 3×3/2 max pool) maps a side n to
    /// ⌈n / s⌉, so a tap of catalog stride s has side ⌈n / s⌉.</summary>
    public static class ShapeInference
    {
        /// <summary>A teacher tap as the backbone outputs it.</summary>
        public static FeatureShape TeacherTap(TapInfo tap, InputSpec input) =>
            new FeatureShape(tap.Channels, CeilDiv(input.Height, tap.Stride), CeilDiv(input.Width, tap.Stride));

        /// <summary>Spatial pooling; a side can come out below 1 (the validator reports that).</summary>
        public static FeatureShape Pool(FeatureShape shape, SpatialPoolSpec? pool)
        {
            switch (pool)
            {
                case null:
                    return shape;
                case AvgPoolSpec avg:
                    return shape with { Height = PooledSide(shape.Height, avg), Width = PooledSide(shape.Width, avg) };
                case AdaptiveAvgPoolSpec adaptive:
                    return shape with { Height = adaptive.Height, Width = adaptive.Width };
                default:
                    throw new ArgumentException($"Unknown pooling {pool.GetType().Name}.", nameof(pool));
            }
        }

        /// <summary>Channel pooling to a smaller channel count.</summary>
        public static FeatureShape ChannelPool(FeatureShape shape, ChannelPoolSpec? channelPool) =>
            channelPool is null ? shape : shape with { Channels = channelPool.Channels };

        /// <summary>A teacher tap after its spatial and channel pooling: what the student must output.</summary>
        public static FeatureShape PooledTeacherTap(TapInfo tap, TapSpec spec, InputSpec input) =>
            ChannelPool(Pool(TeacherTap(tap, input), spec.Pool), spec.ChannelPool);

        /// <summary>What the student of <paramref name="teacher"/> outputs for the loss, one entry per teacher tap it
        /// produces, in forward order. Stage or tap names missing from the catalog are skipped.</summary>
        public static IReadOnlyList<TapOutput> StudentOutputs(TeacherSpec teacher, BackboneInfo backbone, InputSpec input)
        {
            var tapped = new HashSet<string>(teacher.Taps.Select(t => t.Name));
            switch (teacher.Student)
            {
                case MirrorStudentSpec:
                    return backbone.Taps.Where(t => tapped.Contains(t.Name))
                        .Select(t => new TapOutput(t.Name, TeacherTap(t, input))).ToList();
                case ReducedResNetStudentSpec reduced:
                    return ReducedResNetOutputs(reduced, backbone, input, tapped);
                case LightStudentSpec light:
                    return LightOutputs(light, backbone, input, tapped);
                case ReverseDistillationStudentSpec:
                    return ReverseDistillationOutputs(teacher, backbone, input);
                case MemoryBankStudentSpec:
                    // The nearest bank row to each pooled teacher feature: the pooled taps' own shapes.
                    return teacher.Taps.Select(t => (Spec: t, Info: backbone.FindTap(t.Name)))
                        .Where(t => t.Info != null)
                        .Select(t => new TapOutput(t.Spec.Name, PooledTeacherTap(t.Info!, t.Spec, input))).ToList();
                default:
                    throw new ArgumentException($"Unknown student {teacher.Student.GetType().Name}.", nameof(teacher));
            }
        }

        /// <summary>Channels of a student layer built at <paramref name="ratio"/> × <paramref name="teacherChannels"/>.</summary>
        public static int ScaledChannels(int teacherChannels, double ratio) => (int)Math.Round(teacherChannels * ratio);

        /// <summary>The stride step from the catalog tap before <paramref name="tapIndex"/> to it (from the image for the first).</summary>
        public static int StrideStep(BackboneInfo backbone, int tapIndex) =>
            tapIndex == 0 ? backbone.Taps[0].Stride : Math.Max(1, backbone.Taps[tapIndex].Stride / backbone.Taps[tapIndex - 1].Stride);

        private static IReadOnlyList<TapOutput> ReducedResNetOutputs(ReducedResNetStudentSpec reduced, BackboneInfo backbone, InputSpec input, HashSet<string> tapped)
        {
            var outputs = new List<TapOutput>();
            TapInfo? stem = backbone.FindTap("stem");
            if (stem is null) return outputs;
            var shape = TeacherTap(stem, input);
            if (reduced.StemTap && tapped.Contains(stem.Name)) outputs.Add(new TapOutput(stem.Name, shape));
            foreach (var stage in reduced.Stages)
            {
                TapInfo? tap = backbone.FindTap(stage.Name);
                if (tap is null) continue;
                shape = new FeatureShape(
                    ScaledChannels(tap.Channels, stage.WidthRatio),
                    CeilDiv(shape.Height, stage.Stride),
                    CeilDiv(shape.Width, stage.Stride));
                if (tapped.Contains(stage.Name)) outputs.Add(new TapOutput(stage.Name, shape));
            }
            return outputs;
        }

        private static IReadOnlyList<TapOutput> LightOutputs(LightStudentSpec light, BackboneInfo backbone, InputSpec input, HashSet<string> tapped)
        {
            var outputs = new List<TapOutput>();
            int deepest = backbone.Taps.Select((t, i) => tapped.Contains(t.Name) ? i : -1).Max();
            int height = input.Height, width = input.Width;
            for (int i = 0; i <= deepest; i++)
            {
                TapInfo block = backbone.Taps[i];
                int step = StrideStep(backbone, i);
                height = CeilDiv(height, step);
                width = CeilDiv(width, step);
                if (tapped.Contains(block.Name))
                {
                    outputs.Add(new TapOutput(block.Name, new FeatureShape(ScaledChannels(block.Channels, light.WidthRatio), height, width)));
                }
            }
            return outputs;
        }

        /// <summary>The deepest tap's side halved (rounding up) by the bottleneck's stride-2 stage, then doubled by each decoder
        /// stage from the deepest tap down to the shallowest; each decoder stage has its tap's catalog channels. At input sides
        /// that are not multiples of the deepest stride, these differ from the teacher's sides (the validator says so).</summary>
        public static IReadOnlyList<TapOutput> ReverseDistillationOutputs(TeacherSpec teacher, BackboneInfo backbone, InputSpec input)
        {
            var indices = teacher.Taps.Select(t => backbone.IndexOfTap(t.Name)).Where(i => i >= 0).ToList();
            var outputs = new List<TapOutput>();
            if (indices.Count == 0) return outputs;
            int deepest = indices.Max(), shallowest = indices.Min();
            FeatureShape deepestTap = TeacherTap(backbone.Taps[deepest], input);
            int height = CeilDiv(deepestTap.Height, 2), width = CeilDiv(deepestTap.Width, 2);
            for (int i = deepest; i >= shallowest; i--)
            {
                height *= 2;
                width *= 2;
                if (indices.Contains(i)) outputs.Add(new TapOutput(backbone.Taps[i].Name, new FeatureShape(backbone.Taps[i].Channels, height, width)));
            }
            outputs.Reverse(); // forward (encoder) order, as for every other student
            return outputs;
        }

        private static int PooledSide(int side, AvgPoolSpec avg) =>
            side + 2 * avg.Padding < avg.Kernel ? 0 : (side + 2 * avg.Padding - avg.Kernel) / avg.Stride + 1;

        private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;
    }
}
