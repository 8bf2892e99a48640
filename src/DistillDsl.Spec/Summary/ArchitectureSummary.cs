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
                sections.Add(new SummarySection(teacher.Name, SummaryRole.Teacher, TeacherHeading(teacher),
                    BackboneStages.UpTo(backbone, deepest, spec.Input).ToEquatableArray()));
                sections.Add(new SummarySection(teacher.Name, SummaryRole.TapPooling, $"Taps of {teacher.Name}, as the loss compares them",
                    teacher.Taps.Select(t => PooledTap(backbone, t, spec.Input)).ToEquatableArray()));
                sections.Add(new SummarySection(teacher.Name, SummaryRole.Student, StudentHeading(teacher),
                    StudentModules(teacher, backbone, deepest, spec.Input).ToEquatableArray()));
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

        private static string TeacherHeading(TeacherSpec teacher) =>
            $"Teacher {teacher.Name}: {teacher.Backbone}, {WeightsText(teacher.Weights)}, frozen, alpha {Number(teacher.Alpha)}";

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
