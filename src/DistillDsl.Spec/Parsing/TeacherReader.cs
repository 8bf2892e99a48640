using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads one entry of <c>teachers</c>: backbone, weights, normalisation, alpha, taps (with their pooling)
    /// and the student. Catalog checks (backbone and tap names, shapes) are the validator's.</summary>
    internal static class TeacherReader
    {
        public static TeacherSpec Read(YamlNode node, string path, DiagnosticBag diagnostics)
        {
            var placeholderStudent = new MirrorStudentSpec(SpecDefaults.MirrorInit, node.Span);
            if (!(node is YamlMapping mapping))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, "a mapping describing a teacher", Describe.Node(node)));
                return new TeacherSpec("", "", new WeightsSpec(SpecDefaults.Weights, null, node.Span), InputNormalization.ImageNet,
                    SpecDefaults.Alpha, SpecDefaults.ReflectBorder, SpecDefaults.Downsample, EquatableArray<TapSpec>.Empty, placeholderStudent, node.Span, node.Span,
                    node.Span, node.Span, node.Span);
            }
            var teacher = new MappingReader(mapping, path, diagnostics, ConfigKeys.Teacher);

            string name = teacher.String("name", required: true, expected: "a snake_case identifier naming the teacher") ?? "";
            if (name.Length > 0 && !Identifier.IsValid(name))
            {
                diagnostics.Add(DiagnosticCatalog.InvalidName.Create(teacher.SpanOf("name"), teacher.KeyPath("name"), name));
            }
            string backbone = teacher.String("backbone", required: true,
                expected: "a backbone name: " + string.Join(", ", BackboneCatalog.Names)) ?? "";
            BackboneInfo? info = BackboneCatalog.Find(backbone);
            WeightsSpec weights = ReadWeights(teacher);
            InputNormalization normalization = teacher.Enum("normalization", YamlSpellings.Normalization,
                info?.DefaultNormalization ?? InputNormalization.ImageNet);
            double alpha = teacher.Double("alpha", SpecDefaults.Alpha, NumberRange.Positive);
            int reflectBorder = teacher.Int("reflect_border", SpecDefaults.ReflectBorder, NumberRange.AtLeast(0));
            int downsample = teacher.Int("downsample", SpecDefaults.Downsample, NumberRange.AtLeast(1));
            EquatableArray<TapSpec> taps = teacher.List("taps", required: true, itemWord: "tap")
                .Select((tap, i) => ReadTap(tap, teacher.KeyPath($"taps[{i}]"), diagnostics))
                .ToEquatableArray();
            StudentSpec student = StudentReader.Read(teacher, info) ?? placeholderStudent;
            return new TeacherSpec(name, backbone, weights, normalization, alpha, reflectBorder, downsample, taps, student,
                teacher.Span, teacher.SpanOf("name"), teacher.SpanOf("backbone"), teacher.SpanOf("reflect_border"), teacher.SpanOf("downsample"));
        }

        private static WeightsSpec ReadWeights(MappingReader teacher)
        {
            const string expected = "imagenet, random or a mapping { file: path/to/checkpoint }";
            YamlNode? node = teacher.Node("weights");
            string path = teacher.KeyPath("weights");
            switch (node)
            {
                case null:
                    return new WeightsSpec(SpecDefaults.Weights, null, teacher.Span);
                case YamlScalar _:
                    return ScalarReader.TryEnum(node, path, teacher.Diagnostics, YamlSpellings.WeightsSource, out WeightsSource source)
                        ? new WeightsSpec(source, null, node.Span)
                        : new WeightsSpec(SpecDefaults.Weights, null, node.Span);
                case YamlMapping mapping:
                    var file = new MappingReader(mapping, path, teacher.Diagnostics, ConfigKeys.WeightsFile);
                    return new WeightsSpec(WeightsSource.File, file.String("file", required: true, expected: "the checkpoint's path"), mapping.Span);
                default:
                    teacher.Diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, expected, Describe.Node(node)));
                    return new WeightsSpec(SpecDefaults.Weights, null, node.Span);
            }
        }

        private static TapSpec ReadTap(YamlNode node, string path, DiagnosticBag diagnostics)
        {
            if (node is YamlScalar scalar && !scalar.IsNull)
            {
                return new TapSpec(scalar.Value, null, null, SpecDefaults.TapWeight, scalar.Span, scalar.Span);
            }
            if (!(node is YamlMapping mapping))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, "a tap name or a mapping with 'name'", Describe.Node(node)));
                return new TapSpec("", null, null, SpecDefaults.TapWeight, node.Span, node.Span);
            }
            var tap = new MappingReader(mapping, path, diagnostics, ConfigKeys.Tap);
            string name = tap.String("name", required: true, expected: "a tap name of the backbone") ?? "";
            SpatialPoolSpec? pool = ReadPool(tap);
            ChannelPoolSpec? channelPool = tap.Has("channel_pool")
                ? new ChannelPoolSpec(tap.Int("channel_pool", 1, NumberRange.AtLeast(1)), tap.SpanOf("channel_pool"))
                : null;
            double weight = tap.Double("weight", SpecDefaults.TapWeight, NumberRange.Positive);
            TapCentering center = tap.Enum("center", YamlSpellings.Center, TapCentering.None);
            FeatureNormalization? featureNorm = tap.EnumOrNull("feature_norm", YamlSpellings.FeatureNorm);
            return new TapSpec(name, pool, channelPool, weight, tap.Span, tap.SpanOf("name"), center, featureNorm);
        }

        private static SpatialPoolSpec? ReadPool(MappingReader tap)
        {
            var pool = tap.KindMapping("pool", required: false,
                expected: "none or a mapping { kind: avg, kernel: k } / { kind: adaptive_avg, size: s }", ConfigKeys.Pool);
            if (pool is null) return null;
            PoolKind? kind = pool.EnumOrNull("kind", YamlSpellings.PoolKind, required: true);
            switch (kind)
            {
                case PoolKind.Avg:
                    pool.RejectIfPresent("size", "pool kind 'avg' (it takes kernel, stride and padding)");
                    int kernel = pool.Int("kernel", 1, NumberRange.Between(1, SpecDefaults.MaxInputSide), required: true);
                    int stride = pool.Int("stride", kernel, NumberRange.Between(1, SpecDefaults.MaxInputSide));
                    int padding = pool.Int("padding", 0, NumberRange.Between(0, SpecDefaults.MaxInputSide));
                    return new AvgPoolSpec(kernel, stride, padding, pool.Span);
                case PoolKind.AdaptiveAvg:
                    pool.RejectIfPresent("kernel", "pool kind 'adaptive_avg' (it takes size)");
                    pool.RejectIfPresent("stride", "pool kind 'adaptive_avg' (it takes size)");
                    pool.RejectIfPresent("padding", "pool kind 'adaptive_avg' (it takes size)");
                    var range = NumberRange.Between(1, SpecDefaults.MaxInputSide);
                    YamlNode? size = pool.Required("size", SizeReader.Expected + " " + range.Description);
                    return size != null && SizeReader.TryRead(size, pool.KeyPath("size"), pool.Diagnostics, range, out int height, out int width)
                        ? new AdaptiveAvgPoolSpec(height, width, pool.Span)
                        : null;
                case PoolKind.None:
                    foreach (string key in new[] { "kernel", "stride", "padding", "size" }) pool.RejectIfPresent(key, "pool kind 'none'");
                    return null;
                default:
                    return null;
            }
        }
    }
}
