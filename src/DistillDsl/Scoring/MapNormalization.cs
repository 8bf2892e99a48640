using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>The measured quantiles of one normalised map: a tap of a teacher (<c>per: tap</c>) or a teacher's whole map
/// (<c>per: teacher</c>, <see cref="Tap"/> null).</summary>
/// <param name="A">The q_a quantile of the map's pixels over the normal validation images: maps to 0.</param>
/// <param name="B">The q_b quantile: maps to 0.1.</param>
public sealed record MapQuantiles(string Teacher, string? Tap, double A, double B)
{
    /// <summary>Smallest b − a used: a map that was flat on every validation image would otherwise divide by zero.</summary>
    public const double MinimumSpread = 1e-12;

    /// <summary>0.1 / (b − a), the factor of <see cref="MapNormalization.Apply"/>.</summary>
    public double Scale => 0.1 / Math.Max(B - A, MinimumSpread);

    public string Key => Tap is null ? Teacher : Teacher + "/" + Tap;
}

/// <summary><c>anomaly_map.normalize: validation_quantiles</c> with its measured values (EfficientAD's map normalisation):
/// each map m becomes 0.1 · (m − a) / (b − a), computed as (m − a) · <see cref="MapQuantiles.Scale"/>. The values come from
/// the normal validation images at the end of training and travel in best.ckpt, so a new image's score never depends on
/// other test images.</summary>
public sealed record MapNormalization(MapNormalizationLevel Level, double QuantileA, double QuantileB, IReadOnlyList<MapQuantiles> Maps)
{
    /// <summary>The values of one map; <paramref name="tap"/> null at the teacher level.</summary>
    public MapQuantiles For(string teacher, string? tap) =>
        Maps.FirstOrDefault(m => m.Teacher == teacher && m.Tap == tap)
        ?? throw new KeyNotFoundException($"The map normalisation has no values for {(tap is null ? $"teacher '{teacher}'" : $"tap '{tap}' of teacher '{teacher}'")}; it has: {string.Join(", ", Maps.Select(m => m.Key))}.");

    /// <summary>Values that leave every map as it is (a = 0, b = 0.1), for running a graph that was never trained (timing:
    /// latency does not depend on the values). Never stored in a checkpoint.</summary>
    public static MapNormalization Identity(DistillSpec spec)
    {
        MapNormalizationSpec n = spec.AnomalyMap.Normalization;
        return new MapNormalization(n.Level, n.QuantileA, n.QuantileB, KeysOf(spec).Select(k => new MapQuantiles(k.Teacher, k.Tap, 0, 0.1)).ToList());
    }

    /// <summary>(m − a) · 0.1 / (b − a), element-wise.</summary>
    public static Tensor Apply(Tensor map, MapQuantiles quantiles)
    {
        using var scope = NewDisposeScope();
        return ScalarArithmetic.Mul(ScalarArithmetic.Sub(map, quantiles.A), quantiles.Scale).MoveToOuterDisposeScope();
    }

    /// <summary>The (teacher, tap) keys a spec's normalisation needs, in config order; tap null at the teacher level.</summary>
    public static IReadOnlyList<(string Teacher, string? Tap)> KeysOf(DistillSpec spec) =>
        spec.AnomalyMap.Normalization.Level == MapNormalizationLevel.Tap
            ? spec.Teachers.SelectMany(t => t.Taps.Select(tap => (t.Name, (string?)tap.Name))).ToList()
            : spec.Teachers.Select(t => (t.Name, (string?)null)).ToList();

    /// <summary>Null when these values fit <paramref name="spec"/> (its level, quantiles and maps), else why not.</summary>
    public string? Mismatch(DistillSpec spec)
    {
        MapNormalizationSpec wanted = spec.AnomalyMap.Normalization;
        if (!wanted.IsEnabled) return $"config '{spec.Name}' does not normalise its maps (anomaly_map.normalize is none)";
        if (Level != wanted.Level || QuantileA != wanted.QuantileA || QuantileB != wanted.QuantileB)
        {
            return $"the values are per {Level.ToString().ToLowerInvariant()} at q_a {QuantileA}, q_b {QuantileB}, but config '{spec.Name}' asks for per " +
                   $"{wanted.Level.ToString().ToLowerInvariant()} at q_a {wanted.QuantileA}, q_b {wanted.QuantileB}";
        }
        var keys = KeysOf(spec);
        var have = Maps.Select(m => (m.Teacher, m.Tap)).ToList();
        if (!keys.SequenceEqual(have))
        {
            return $"the values are for the maps {string.Join(", ", Maps.Select(m => m.Key))}, but config '{spec.Name}' has the maps " +
                   string.Join(", ", keys.Select(k => k.Tap is null ? k.Teacher : k.Teacher + "/" + k.Tap));
        }
        if (Maps.Any(m => !double.IsFinite(m.A) || !double.IsFinite(m.B))) return "some of the values are not finite";
        return null;
    }
}
