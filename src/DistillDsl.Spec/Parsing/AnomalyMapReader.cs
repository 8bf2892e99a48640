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
                    new CombinationSpec(CombinationKind.Sum, null, config.Span), null, config.Span);
            }
            return new AnomalyMapSpec(
                map.Enum("distance", YamlSpellings.Distance, SpecDefaults.Distance),
                map.Enum("tap_scale", YamlSpellings.TapScale, SpecDefaults.MapTapScale),
                map.Enum("upsample", YamlSpellings.Upsample, SpecDefaults.Upsample),
                map.Enum("over_taps", YamlSpellings.MapOverTaps, SpecDefaults.MapOverTaps),
                ReadCombination(map, teacherCount),
                map.Has("gaussian_sigma") ? map.Double("gaussian_sigma", 1, NumberRange.Positive) : (double?)null,
                map.Span);
        }

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
