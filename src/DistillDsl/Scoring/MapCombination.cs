using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Scoring;

/// <summary>Element-wise combinations of [B, 1, H, W] anomaly maps: of one teacher's taps, and of the teachers' maps
/// (sum, product, or the paper's Eq. 11 modulation). Every per-image statistic (min, max, norms) is taken per image.</summary>
public static class MapCombination
{
    /// <summary>Smallest denominator of a normalisation; a flat map (max = min, or an all-zero column) normalises to 0.</summary>
    public const double Epsilon = 1e-12;

    public static Tensor Sum(IReadOnlyList<Tensor> maps)
    {
        CheckNotEmpty(maps);
        using var scope = NewDisposeScope();
        Tensor sum = maps[0].clone();
        for (int i = 1; i < maps.Count; i++) sum.add_(maps[i]);
        return sum.MoveToOuterDisposeScope();
    }

    public static Tensor Product(IReadOnlyList<Tensor> maps)
    {
        CheckNotEmpty(maps);
        using var scope = NewDisposeScope();
        Tensor product = maps[0].clone();
        for (int i = 1; i < maps.Count; i++) product.mul_(maps[i]);
        return product.MoveToOuterDisposeScope();
    }

    /// <summary>Eq. 11: M = A_modulated · (max A_modulating − min A_modulating) · normalize(A_modulating), the extent taken
    /// per image.</summary>
    public static Tensor Modulate(Tensor modulated, Tensor modulating, ModulationNormalization normalization)
    {
        using var scope = NewDisposeScope();
        Tensor result = modulated * Extent(modulating) * Normalize(modulating, normalization);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>max − min of each image's map, [B, 1, H, W] → [B, 1, 1, 1].</summary>
    public static Tensor Extent(Tensor maps)
    {
        using var scope = NewDisposeScope();
        Tensor flat = maps.flatten(1);
        return (flat.amax(1) - flat.amin(1)).view(-1, 1, 1, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The <c>normalize</c> of Eq. 11: <see cref="ModulationNormalization.MinMax"/> = (A − min A) / (max A − min A) per
    /// image; <see cref="ModulationNormalization.L2Height"/> = A / ‖A‖₂ along the height axis (each column of each image),
    /// PyTorch's <c>F.normalize(A, dim=2)</c> on [B, 1, H, W].</summary>
    public static Tensor Normalize(Tensor maps, ModulationNormalization normalization)
    {
        using var scope = NewDisposeScope();
        Tensor normalized = normalization switch
        {
            ModulationNormalization.MinMax => (maps - maps.flatten(1).amin(1).view(-1, 1, 1, 1)) / ScalarArithmetic.ClampMin(Extent(maps), Epsilon),
            ModulationNormalization.L2Height => nn.functional.normalize(maps, p: 2, dim: 2, eps: Epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "unknown modulation normalisation."),
        };
        return normalized.MoveToOuterDisposeScope();
    }

    /// <summary>The teachers' maps (in config order, by teacher name) combined as <paramref name="combination"/> says.</summary>
    public static Tensor Combine(IReadOnlyList<(string Teacher, Tensor Map)> maps, CombinationSpec combination)
    {
        switch (combination.Kind)
        {
            case CombinationKind.Sum:
                return Sum(maps.Select(m => m.Map).ToList());
            case CombinationKind.Product:
                return Product(maps.Select(m => m.Map).ToList());
            case CombinationKind.Modulate:
                ModulationSpec modulation = combination.Modulation
                    ?? throw new ArgumentException("A modulate combination needs its modulated and modulating teachers.", nameof(combination));
                return Modulate(MapOf(maps, modulation.Modulated), MapOf(maps, modulation.Modulating), modulation.Normalization);
            default:
                throw new ArgumentOutOfRangeException(nameof(combination), combination.Kind, "unknown combination.");
        }
    }

    private static Tensor MapOf(IReadOnlyList<(string Teacher, Tensor Map)> maps, string teacher)
    {
        foreach (var (name, map) in maps)
        {
            if (name == teacher) return map;
        }
        throw new ArgumentException($"No anomaly map of teacher '{teacher}'; the maps are of: {string.Join(", ", maps.Select(m => m.Teacher))}.");
    }

    private static void CheckNotEmpty(IReadOnlyList<Tensor> maps)
    {
        if (maps.Count == 0) throw new ArgumentException("Combining anomaly maps needs at least one map.");
    }
}
