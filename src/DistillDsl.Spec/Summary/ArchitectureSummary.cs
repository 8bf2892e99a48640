using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Summary
{
    /// <summary>A human-readable summary of a config's networks, computed from the spec and the catalog alone (no
    /// network is built): per teacher its stages up to the deepest tap, the pooling of each tap and its student's
    /// stages, each with kind, channels, stride, output size at the configured input and parameter count; totals
    /// per network and overall. The counts are what the runtime modules have (tests check them against torchvision).</summary>
    public static class ArchitectureSummary
    {
        private const int ImageChannels = 3;

        /// <summary>The summary as text (what the generated <c>ArchitectureSummary</c> constant holds), lines ending in \n.</summary>
        public static string Render(DistillSpec spec) => SummaryText.Render(Describe(spec));

        /// <summary>The summary as tables. The spec must be valid (as <c>DistillConfigParser</c> returns it).</summary>
        public static ArchitectureDescription Describe(DistillSpec spec)
        {
            if (spec is null) throw new ArgumentNullException(nameof(spec));
            var sections = new List<SummarySection>();
            foreach (TeacherSpec teacher in spec.Teachers)
            {
                BackboneInfo backbone = BackboneCatalog.Get(teacher.Backbone);
                int deepest = teacher.Taps.Max(t => backbone.IndexOfTap(t.Name));
                InputSpec input = TeacherInput.Of(teacher, spec.Input);
                sections.Add(new SummarySection(teacher.Name, SummaryRole.Teacher, TeacherHeading(teacher),
                    BackboneStages.UpTo(backbone, deepest, input).ToEquatableArray()));
                sections.Add(new SummarySection(teacher.Name, SummaryRole.TapPooling, $"Taps of {teacher.Name}, as the loss compares them",
                    teacher.Taps.Select(t => PooledTap(backbone, t, input)).ToEquatableArray()));
                sections.Add(new SummarySection(teacher.Name, SummaryRole.Student, StudentHeading(teacher),
                    StudentModules(teacher, backbone, deepest, input).ToEquatableArray()));
            }
            return new ArchitectureDescription(spec.Name, spec.Input.Height, spec.Input.Width, sections.ToEquatableArray());
        }

        private static ModuleSummary PooledTap(BackboneInfo backbone, TapSpec spec, InputSpec input)
        {
            TapInfo tap = backbone.FindTap(spec.Name) ?? throw new ArgumentException($"Backbone '{backbone.Name}' has no tap '{spec.Name}'.", nameof(spec));
            FeatureShape unpooled = ShapeInference.TeacherTap(tap, input);
            FeatureShape pooled = ShapeInference.PooledTeacherTap(tap, spec, input);
            return new ModuleSummary(tap.Name, PoolingDescription.Of(spec), unpooled.Channels, pooled.Channels,
                PooledTapStride.PoolingStride(unpooled, spec.Pool), pooled, 0);
        }

        private static IEnumerable<ModuleSummary> StudentModules(TeacherSpec teacher, BackboneInfo backbone, int deepest, InputSpec input)
        {
            switch (teacher.Student)
            {
                case MirrorStudentSpec:
                    return BackboneStages.UpTo(backbone, deepest, input);
                case ReducedResNetStudentSpec reduced:
                    return ReducedResNet(reduced, backbone, input);
                case LightStudentSpec light:
                    return Light(light, backbone, deepest, input);
                case ReverseDistillationStudentSpec reverse:
                    return ReverseDistillation(reverse, teacher, backbone, input);
                case MemoryBankStudentSpec bank:
                    return MemoryBank(bank, teacher, backbone, input);
                default:
                    throw new ArgumentException($"Unknown student {teacher.Student.GetType().Name}.", nameof(teacher));
            }
        }

        /// <summary>The ResNet-18 stem, then per stage its blocks; the first block carries the stride.</summary>
        private static IEnumerable<ModuleSummary> ReducedResNet(ReducedResNetStudentSpec reduced, BackboneInfo backbone, InputSpec input)
        {
            ModuleSummary stem = BackboneStages.UpTo(backbone, backbone.IndexOfTap("stem"), input).Last();
            yield return stem;

            int channels = stem.OutChannels, height = stem.Output.Height, width = stem.Output.Width;
            foreach (ReducedStageSpec stage in reduced.Stages)
            {
                TapInfo tap = backbone.FindTap(stage.Name) ?? throw new ArgumentException($"Backbone '{backbone.Name}' has no stage '{stage.Name}'.", nameof(reduced));
                int outChannels = ShapeInference.ScaledChannels(tap.Channels, stage.WidthRatio);
                long parameters = 0;
                for (int block = 0; block < stage.Blocks; block++)
                {
                    int blockIn = block == 0 ? channels : outChannels;
                    parameters += reduced.Block == ResidualBlockKind.Basic
                        ? LayerParameters.BasicBlock(blockIn, outChannels, block == 0 ? stage.Stride : 1)
                        : LayerParameters.ConvBn(blockIn, outChannels, 3);
                }
                height = CeilDiv(height, stage.Stride);
                width = CeilDiv(width, stage.Stride);
                string blockKind = reduced.Block == ResidualBlockKind.Basic ? "BasicBlock" : "conv 3×3 + BN + ReLU";
                yield return new ModuleSummary(stage.Name, $"{stage.Blocks} × {blockKind}", channels, outChannels, stage.Stride,
                    new FeatureShape(outChannels, height, width), parameters);
                channels = outChannels;
            }
        }

        /// <summary>One k×k conv + BN + ReLU per catalog block up to the deepest tap, with the block's stride step.</summary>
        private static IEnumerable<ModuleSummary> Light(LightStudentSpec light, BackboneInfo backbone, int deepest, InputSpec input)
        {
            int channels = ImageChannels, height = input.Height, width = input.Width;
            for (int i = 0; i <= deepest; i++)
            {
                TapInfo block = backbone.Taps[i];
                int stride = ShapeInference.StrideStep(backbone, i);
                int outChannels = ShapeInference.ScaledChannels(block.Channels, light.WidthRatio);
                height = CeilDiv(height, stride);
                width = CeilDiv(width, stride);
                yield return new ModuleSummary(block.Name, $"conv {light.Kernel}×{light.Kernel} + BN + ReLU", channels, outChannels, stride,
                    new FeatureShape(outChannels, height, width), LayerParameters.ConvBn(channels, outChannels, light.Kernel));
                channels = outChannels;
            }
        }

        /// <summary>Memory bank: per pooled tap, a bank of rows with the tap's channels (buffers, no trainable parameters),
        /// named after the tap; the output is the nearest row at each position, so its shape is the pooled tap's.</summary>
        private static IEnumerable<ModuleSummary> MemoryBank(MemoryBankStudentSpec bank, TeacherSpec teacher, BackboneInfo backbone, InputSpec input) =>
            ShapeInference.StudentOutputs(teacher, backbone, input).Select(o =>
                new ModuleSummary(o.Tap, $"memory bank: nearest of {bank.BankSize} × {o.Shape.Channels} rows", o.Shape.Channels, o.Shape.Channels, 1, o.Shape, 0));

        /// <summary>Reverse Distillation: per tap above the deepest, its strided 3×3 convs (+ BN + ReLU) to the deepest tap's
        /// resolution (<c>bottleneck.reduce_&lt;tap&gt;</c>); the bottleneck's residual stage on their concatenation with the
        /// deepest tap (<c>bottleneck.stage</c>); then the decoder stages from the deepest tap down to the shallowest, named after
        /// the taps they reproduce. Names are the runtime module's parameter prefixes.</summary>
        private static IEnumerable<ModuleSummary> ReverseDistillation(ReverseDistillationStudentSpec reverse, TeacherSpec teacher, BackboneInfo backbone, InputSpec input)
        {
            var indices = teacher.Taps.Select(t => backbone.IndexOfTap(t.Name)).OrderBy(i => i).ToList();
            int deepest = indices.Last(), shallowest = indices.First();
            FeatureShape deepestShape = ShapeInference.TeacherTap(backbone.Taps[deepest], input);
            foreach (int index in indices.Where(i => i != deepest))
            {
                long parameters = 0;
                for (int i = index; i < deepest; i++) parameters += LayerParameters.ConvBn(backbone.Taps[i].Channels, backbone.Taps[i + 1].Channels, 3);
                int convs = deepest - index;
                yield return new ModuleSummary("bottleneck.reduce_" + backbone.Taps[index].Name, $"{convs} × conv 3×3/2 + BN + ReLU",
                    backbone.Taps[index].Channels, deepestShape.Channels, 1 << convs, deepestShape, parameters);
            }

            int concatenated = indices.Count * deepestShape.Channels;
            int width = backbone.Taps[deepest + 1].Channels;
            long bottleneck = LayerParameters.BasicBlock(concatenated, width, 2);
            for (int block = 1; block < reverse.BottleneckBlocks; block++) bottleneck += LayerParameters.BasicBlock(width, width, 1);
            var shape = new FeatureShape(width, CeilDiv(deepestShape.Height, 2), CeilDiv(deepestShape.Width, 2));
            yield return new ModuleSummary("bottleneck.stage", $"concat {indices.Count} taps, {reverse.BottleneckBlocks} × BasicBlock", concatenated, width, 2, shape, bottleneck);

            int channels = width;
            for (int i = deepest; i >= shallowest; i--)
            {
                TapInfo tap = backbone.Taps[i];
                long parameters = LayerParameters.UpsamplingBlock(channels, tap.Channels);
                for (int block = 1; block < reverse.DecoderBlocks; block++) parameters += LayerParameters.BasicBlock(tap.Channels, tap.Channels, 1);
                shape = new FeatureShape(tap.Channels, shape.Height * 2, shape.Width * 2);
                string kind = reverse.DecoderBlocks == 1 ? "upsampling block" : $"upsampling block + {reverse.DecoderBlocks - 1} × BasicBlock";
                yield return new ModuleSummary(tap.Name, kind, channels, tap.Channels, 1, shape, parameters, Upsampling: 2);
                channels = tap.Channels;
            }
        }

        private static string TeacherHeading(TeacherSpec teacher) =>
            $"Teacher {teacher.Name}: {teacher.Backbone}, {WeightsText(teacher.Weights)}, frozen, alpha {Number(teacher.Alpha)}" +
            (teacher.Downsample > 1 ? $", image averaged over {teacher.Downsample}×{teacher.Downsample} blocks (downsample)" : "") +
            (teacher.ReflectBorder > 0 ? $", image mirrored out by {teacher.ReflectBorder} px (reflect_border)" : "");

        private static string StudentHeading(TeacherSpec teacher)
        {
            switch (teacher.Student)
            {
                case MirrorStudentSpec mirror:
                    return $"Student of {teacher.Name}: mirror of {teacher.Backbone}, {(mirror.Init == StudentInit.Pretrained ? "initialised from the teacher" : "random init")}, trainable";
                case ReducedResNetStudentSpec reduced:
                    return $"Student of {teacher.Name}: reduced_resnet, block {(reduced.Block == ResidualBlockKind.Basic ? "basic" : "conv")}{(reduced.StemTap ? ", stem tapped" : "")}, trainable";
                case LightStudentSpec light:
                    return $"Student of {teacher.Name}: light, kernel {light.Kernel}, width_ratio {Number(light.WidthRatio)}, trainable";
                case ReverseDistillationStudentSpec reverse:
                    return $"Student of {teacher.Name}: reverse_distillation (reads the teacher's taps), bottleneck_blocks {reverse.BottleneckBlocks}, decoder_blocks {reverse.DecoderBlocks}, trainable";
                case MemoryBankStudentSpec bank:
                    return $"Student of {teacher.Name}: memory_bank (reads the teacher's taps), {bank.BankSize} rows per tap, {Parsing.YamlSpellings.Coreset.NameOf(bank.Coreset)} coreset, filled in one pass, nothing trainable";
                default:
                    throw new ArgumentException($"Unknown student {teacher.Student.GetType().Name}.", nameof(teacher));
            }
        }

        private static string WeightsText(WeightsSpec weights)
        {
            switch (weights.Source)
            {
                case WeightsSource.ImageNet: return "imagenet weights";
                case WeightsSource.Random: return "random weights";
                default: return $"weights from {weights.FilePath}";
            }
        }

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;
    }
}
