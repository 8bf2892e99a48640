using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads <c>anomaly_map</c>, including the cross-teacher <c>combine</c> (required with two or more teachers).</summary>
    internal static class AnomalyMapReader
    {
        private const string CombineRequired = "a combination (sum, product or modulate), which 2 or more teachers need";

        public static AnomalyMapSpec Read(MappingReader config, int teacherCount)
        {
            var map = config.Mapping("anomaly_map", required: false, expected: "the anomaly-map options (distance, combine, gaussian_sigma, ...)", ConfigKeys.AnomalyMap);
            if (map is null)
            {
                if (teacherCount >= 2)
                {
                    config.Diagnostics.Add(DiagnosticCatalog.MissingRequiredKey.Create(config.Span, config.Where, "anomaly_map", "an anomaly_map with a 'combine' entry, which 2 or more teachers need"));
                }
                return new AnomalyMapSpec(SpecDefaults.Distance, SpecDefaults.MapTapScale, SpecDefaults.Upsample, SpecDefaults.MapOverTaps,
                    new CombinationSpec(CombinationKind.Sum, null, config.Span), null, SpecDefaults.FeatureNorm, NoNormalization(config.Span), config.Span);
            }
            return new AnomalyMapSpec(
                map.Enum("distance", YamlSpellings.Distance, SpecDefaults.Distance),
                map.Enum("tap_scale", YamlSpellings.TapScale, SpecDefaults.MapTapScale),
                map.Enum("upsample", YamlSpellings.Upsample, SpecDefaults.Upsample),
                map.Enum("over_taps", YamlSpellings.MapOverTaps, SpecDefaults.MapOverTaps),
                ReadCombination(map, teacherCount),
                map.Has("gaussian_sigma") ? map.Double("gaussian_sigma", 1, NumberRange.Positive) : (double?)null,
                map.Enum("feature_norm", YamlSpellings.FeatureNorm, SpecDefaults.FeatureNorm),
                ReadNormalization(map),
                map.Span);
        }

        /// <summary><c>normalize</c>: <c>none</c> (default) or <c>validation_quantiles</c> with <c>q_a</c>, <c>q_b</c>, <c>per</c>.</summary>
        private static MapNormalizationSpec ReadNormalization(MappingReader map)
        {
            var normalize = map.KindMapping("normalize", required: false,
                expected: "none or a mapping { kind: validation_quantiles, q_a: 0.9, q_b: 0.995, per: tap }", ConfigKeys.MapNormalize);
            if (normalize is null) return NoNormalization(map.Span);
            MapNormalizationKind? kind = normalize.EnumOrNull("kind", YamlSpellings.MapNormalization, required: true);
            if (kind != MapNormalizationKind.ValidationQuantiles)
            {
                if (kind != null)
                {
                    foreach (string key in new[] { "q_a", "q_b", "per" }) normalize.RejectIfPresent(key, "map normalisation 'none'");
                }
                return NoNormalization(normalize.Span);
            }
            var quantile = NumberRange.PositiveAtMost(1);
            return new MapNormalizationSpec(
                MapNormalizationKind.ValidationQuantiles,
                normalize.Enum("per", YamlSpellings.MapNormalizationLevel, SpecDefaults.MapNormalizationLevel),
                normalize.Double("q_a", SpecDefaults.MapQuantileA, quantile),
                normalize.Double("q_b", SpecDefaults.MapQuantileB, quantile),
                normalize.Span);
        }

        private static MapNormalizationSpec NoNormalization(SourceSpan span) =>
            new MapNormalizationSpec(MapNormalizationKind.None, SpecDefaults.MapNormalizationLevel, SpecDefaults.MapQuantileA, SpecDefaults.MapQuantileB, span);

        private static CombinationSpec ReadCombination(MappingReader map, int teacherCount)
        {
            var combine = map.KindMapping("combine", required: teacherCount >= 2, expected: CombineRequired, ConfigKeys.Combine);
            if (combine is null) return new CombinationSpec(CombinationKind.Sum, null, map.Span);
            CombinationKind? kind = combine.EnumOrNull("kind", YamlSpellings.Combination, required: true,
                unknown: DiagnosticCatalog.UnknownCombinationKind);
            if (kind != CombinationKind.Modulate)
            {
                if (kind != null)
                {
                    foreach (string key in new[] { "modulated", "modulating", "normalize" })
                    {
                        combine.RejectIfPresent(key, $"combination kind '{YamlSpellings.Combination.NameOf(kind.Value)}' (only modulate takes it)");
                    }
                }
                return new CombinationSpec(kind ?? CombinationKind.Sum, null, combine.Span);
            }
            var modulation = new ModulationSpec(
                combine.String("modulated", required: true, expected: "the name of the teacher whose map is modulated (A_res in Eq. 11)") ?? "",
                combine.String("modulating", required: true, expected: "the name of the teacher whose map modulates (A_eff in Eq. 11)") ?? "",
                combine.Enum("normalize", YamlSpellings.ModulationNormalization, Model.ModulationNormalization.MinMax, required: true),
                combine.SpanOf("modulated"),
                combine.SpanOf("modulating"));
            return new CombinationSpec(CombinationKind.Modulate, modulation, combine.Span);
        }
    }
}
