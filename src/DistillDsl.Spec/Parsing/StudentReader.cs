using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads a teacher's <c>student</c>: its kind and the keys of that kind.</summary>
    internal static class StudentReader
    {
        /// <summary>Widths beyond this many times the teacher's are surely a typo.</summary>
        private const double MaxWidthRatio = 16;

        /// <param name="backbone">The teacher's catalog entry, for default stage strides; null when the backbone is unknown.</param>
        public static StudentSpec? Read(MappingReader teacher, BackboneInfo? backbone)
        {
            var student = teacher.KindMapping("student", required: true,
                expected: "a student of kind mirror, reduced_resnet, light, reverse_distillation or memory_bank", ConfigKeys.Student);
            if (student is null) return null;
            StudentKind? kind = student.EnumOrNull("kind", YamlSpellings.StudentKind, required: true);
            switch (kind)
            {
                case StudentKind.Mirror:
                    RejectOthers(student, ConfigKeys.MirrorStudent, "mirror");
                    return new MirrorStudentSpec(student.Enum("init", YamlSpellings.StudentInit, SpecDefaults.MirrorInit), student.Span);
                case StudentKind.ReducedResNet:
                    RejectOthers(student, ConfigKeys.ReducedResNetStudent, "reduced_resnet");
                    return ReadReduced(student, backbone);
                case StudentKind.Light:
                    RejectOthers(student, ConfigKeys.LightStudent, "light");
                    return new LightStudentSpec(
                        student.Int("kernel", SpecDefaults.LightKernel, NumberRange.OddAtLeastOne),
                        student.Double("width_ratio", SpecDefaults.WidthRatio, NumberRange.PositiveAtMost(MaxWidthRatio)),
                        student.Span);
                case StudentKind.ReverseDistillation:
                    RejectOthers(student, ConfigKeys.ReverseDistillationStudent, "reverse_distillation");
                    return new ReverseDistillationStudentSpec(
                        student.Int("bottleneck_blocks", SpecDefaults.ReverseDistillationBottleneckBlocks, NumberRange.Between(1, 64)),
                        student.Int("decoder_blocks", SpecDefaults.ReverseDistillationDecoderBlocks, NumberRange.Between(1, 64)),
                        student.Span);
                case StudentKind.MemoryBank:
                    RejectOthers(student, ConfigKeys.MemoryBankStudent, "memory_bank");
                    return new MemoryBankStudentSpec(
                        student.Int("bank_size", SpecDefaults.MemoryBankSize, NumberRange.Between(1, SpecDefaults.MaxMemoryBankSize)),
                        student.Enum("coreset", YamlSpellings.Coreset, SpecDefaults.Coreset),
                        student.Span);
                default:
                    return null;
            }
        }

        private static ReducedResNetStudentSpec ReadReduced(MappingReader student, BackboneInfo? backbone)
        {
            ResidualBlockKind block = student.Enum("block", YamlSpellings.Block, SpecDefaults.Block);
            bool stemTap = student.Bool("stem_tap", false);
            EquatableArray<ReducedStageSpec> stages = student.List("stages", required: true, itemWord: "stage")
                .Select((node, i) => ReadStage(node, student.KeyPath($"stages[{i}]"), student.Diagnostics, backbone))
                .ToEquatableArray();
            return new ReducedResNetStudentSpec(block, stemTap, stages, student.Span);
        }

        private static ReducedStageSpec ReadStage(YamlNode node, string path, DiagnosticBag diagnostics, BackboneInfo? backbone)
        {
            if (node is YamlScalar scalar && !scalar.IsNull)
            {
                return new ReducedStageSpec(scalar.Value, SpecDefaults.StageBlocks, SpecDefaults.WidthRatio,
                    DefaultStride(scalar.Value, backbone), scalar.Span, scalar.Span);
            }
            if (!(node is YamlMapping mapping))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, "a stage name or a mapping with 'name'", Describe.Node(node)));
                return new ReducedStageSpec("", SpecDefaults.StageBlocks, SpecDefaults.WidthRatio, 1, node.Span, node.Span);
            }
            var stage = new MappingReader(mapping, path, diagnostics, ConfigKeys.Stage);
            string name = stage.String("name", required: true, expected: "the teacher tap the stage produces, e.g. layer1") ?? "";
            return new ReducedStageSpec(
                name,
                stage.Int("blocks", SpecDefaults.StageBlocks, NumberRange.Between(1, 64)),
                stage.Double("width_ratio", SpecDefaults.WidthRatio, NumberRange.PositiveAtMost(MaxWidthRatio)),
                stage.Int("stride", DefaultStride(name, backbone), NumberRange.Between(1, 64)),
                stage.Span,
                stage.SpanOf("name"));
        }

        /// <summary>The teacher's own stride step into this tap (1 for layer1, 2 for later ResNet stages).</summary>
        private static int DefaultStride(string stageName, BackboneInfo? backbone)
        {
            int index = backbone?.IndexOfTap(stageName) ?? -1;
            return index < 0 ? 1 : ShapeInference.StrideStep(backbone!, index);
        }

        private static void RejectOthers(MappingReader student, string[] applicable, string kind)
        {
            foreach (string key in ConfigKeys.Student.Except(applicable))
            {
                student.RejectIfPresent(key, $"student kind '{kind}' (it takes: {string.Join(", ", applicable.Skip(1))})");
            }
        }
    }
}
