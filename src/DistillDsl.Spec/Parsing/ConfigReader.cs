using System.Linq;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads the top level of a config (name, input, loss, score) and hands the sections to their readers.
    /// Problems are reported and replaced by defaults, so one pass finds as many as it can.</summary>
    internal static class ConfigReader
    {
        public static DistillSpec? Read(YamlNode root, DiagnosticBag diagnostics)
        {
            if (!(root is YamlMapping rootMapping))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(root.Span, "document root", "a mapping of keys (name, input, teachers, ...)", Describe.Node(root)));
                return null;
            }
            var config = new MappingReader(rootMapping, "", diagnostics, ConfigKeys.Root);

            string name = config.String("name", required: true, expected: "a snake_case identifier naming the config") ?? "";
            if (name.Length > 0 && !Identifier.IsValid(name))
            {
                diagnostics.Add(DiagnosticCatalog.InvalidName.Create(config.SpanOf("name"), "name", name));
            }
            string? description = config.String("description");
            InputSpec input = ReadInput(config);
            var teacherNodes = config.List("teachers", required: true, itemWord: "teacher");
            EquatableArray<TeacherSpec> teachers = teacherNodes
                .Select((node, i) => TeacherReader.Read(node, $"teachers[{i}]", diagnostics))
                .ToEquatableArray();
            LossSpec loss = ReadLoss(config);
            AnomalyMapSpec anomalyMap = AnomalyMapReader.Read(config, teacherNodes.Count);
            ScoreSpec score = ReadScore(config);
            // Memory banks have nothing to optimise: a config of only memory banks needs no optimizer.
            bool optimizes = teachers.Count == 0 || teachers.Any(t => !(t.Student is MemoryBankStudentSpec));
            TrainingSpec training = TrainingReader.Read(config, optimizes);
            return new DistillSpec(name, description, input, teachers, loss, anomalyMap, score, training, config.Span, config.SpanOf("name"));
        }

        private static InputSpec ReadInput(MappingReader config)
        {
            var input = config.Mapping("input", required: true, expected: "the input size, e.g. { size: 256 }", ConfigKeys.Input);
            if (input is null) return new InputSpec(1, 1, config.Span);
            var range = NumberRange.Between(1, SpecDefaults.MaxInputSide);
            YamlNode? size = input.Required("size", SizeReader.Expected + " " + range.Description);
            if (size != null && SizeReader.TryRead(size, input.KeyPath("size"), config.Diagnostics, range, out int height, out int width))
            {
                return new InputSpec(height, width, input.Span);
            }
            return new InputSpec(1, 1, input.Span);
        }

        private static LossSpec ReadLoss(MappingReader config)
        {
            var loss = config.Mapping("loss", required: false, expected: "the loss options (distance, over_taps, feature_norm, hard_quantile)", ConfigKeys.Loss);
            if (loss is null) return new LossSpec(SpecDefaults.Distance, SpecDefaults.LossOverTaps, SpecDefaults.FeatureNorm, null, config.Span);
            return new LossSpec(
                loss.Enum("distance", YamlSpellings.Distance, SpecDefaults.Distance),
                loss.Enum("over_taps", YamlSpellings.LossOverTaps, SpecDefaults.LossOverTaps),
                loss.Enum("feature_norm", YamlSpellings.FeatureNorm, SpecDefaults.FeatureNorm),
                loss.Has("hard_quantile") ? loss.Double("hard_quantile", 0, NumberRange.Fraction) : (double?)null,
                loss.Span);
        }

        private static ScoreSpec ReadScore(MappingReader config)
        {
            var score = config.KindMapping("score", required: true, expected: "the image score, e.g. { kind: max }", ConfigKeys.Score);
            if (score is null) return new ScoreSpec(ScoreKind.Max, null, SpecDefaults.ScoreNormalization, config.Span, config.Span);
            ScoreKind? kind = score.EnumOrNull("kind", YamlSpellings.Score, required: true, unknown: DiagnosticCatalog.UnknownScoreKind);
            int? topK = null;
            if (kind == ScoreKind.TopKMean)
            {
                topK = score.Int("k", 1, NumberRange.AtLeast(1), required: true);
            }
            else if (kind != null)
            {
                score.RejectIfPresent("k", "score kind '" + YamlSpellings.Score.NameOf(kind.Value) + "' (only topk_mean takes k)");
            }
            var normalization = score.Enum("normalize", YamlSpellings.ScoreNormalization, SpecDefaults.ScoreNormalization);
            return new ScoreSpec(kind ?? ScoreKind.Max, topK, normalization, score.Span, score.SpanOf("k"));
        }
    }
}
