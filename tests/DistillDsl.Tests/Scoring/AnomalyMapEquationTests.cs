using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using UpsampleMode = DistillDsl.Spec.Model.UpsampleMode;
using static DistillDsl.Tests.Scoring.EquationTensors;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>Paper Eq. 9–12 and the authors' variants on hand-computed tensors.</summary>
public class AnomalyMapEquationTests
{
    [Fact]
    public void A_tap_map_is_the_distance_per_pixel_optionally_divided_by_the_tap_area()
    {
        // Four pixels on a 2×2 tap: orthogonal, equal, equal, orthogonal → squared distances 1, 0, 0, 1.
        using Tensor t = Pixels([1, 0], [1, 0], [0, 1], [0, 1]).reshape(1, 2, 2, 2);
        using Tensor s = Pixels([0, 1], [1, 0], [0, 1], [1, 0]).reshape(1, 2, 2, 2);
        Equal([1, 0, 0, 1], AnomalyMaps.TapMap(t, s, FeatureDistanceKind.SquaredL2, TapScale.None));
        Equal([0.25, 0, 0, 0.25], AnomalyMaps.TapMap(t, s, FeatureDistanceKind.SquaredL2, TapScale.InverseArea));
        double half = 0.5 * Math.Sqrt(2);
        Equal([half, 0, 0, half], AnomalyMaps.TapMap(t, s, FeatureDistanceKind.L2, TapScale.None));
    }

    [Fact]
    public void Upsampling_is_bilinear_with_half_pixel_centres_or_nearest()
    {
        using Tensor map = Maps(1, 2, [0, 4]);
        // Output pixel centres map to source x = −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        Equal([0, 1, 3, 4], AnomalyMaps.Upsample(map, 1, 4, UpsampleMode.Bilinear));
        Equal([0, 0, 4, 4], AnomalyMaps.Upsample(map, 1, 4, UpsampleMode.Nearest));
    }

    [Fact]
    public void Eq9_10_taps_combine_by_sum_or_by_product()
    {
        Tensor[] maps = [Maps(1, 2, [2, 3]), Maps(1, 2, [4, 5])];
        Equal([6, 8], AnomalyMaps.CombineTaps(maps, TapCombination.Sum));
        Equal([8, 15], AnomalyMaps.CombineTaps(maps, TapCombination.Product));
    }

    [Fact]
    public void Eq11_modulation_with_minmax_uses_each_images_extent()
    {
        using Tensor modulated = Maps(2, 2, [1, 2, 3, 4], [1, 1, 1, 1]);
        // Image 0: min 1, max 9, extent 8, normalised (0, 0.25, 0.5, 1). Image 1: min 2, max 4, extent 2, normalised (0, 0, 0, 1).
        using Tensor modulating = Maps(2, 2, [1, 3, 5, 9], [2, 2, 2, 4]);

        Equal([8, 2], MapCombination.Extent(modulating));
        Equal([0, 0.25, 0.5, 1, 0, 0, 0, 1], MapCombination.Normalize(modulating, ModulationNormalization.MinMax));
        Equal([1 * 8 * 0, 2 * 8 * 0.25, 3 * 8 * 0.5, 4 * 8 * 1, 0, 0, 0, 1 * 2 * 1],
            MapCombination.Modulate(modulated, modulating, ModulationNormalization.MinMax));
    }

    [Fact]
    public void Eq11_modulation_with_l2_height_normalises_each_column()
    {
        using Tensor modulated = Maps(2, 2, [1, 2, 3, 4]);
        // Columns of [[1, 3], [5, 9]]: (1, 5) with norm √26, (3, 9) with norm √90; extent 9 − 1 = 8.
        using Tensor modulating = Maps(2, 2, [1, 3, 5, 9]);
        double n0 = Math.Sqrt(26), n1 = Math.Sqrt(90);

        Equal([1 / n0, 3 / n1, 5 / n0, 9 / n1], MapCombination.Normalize(modulating, ModulationNormalization.L2Height));
        Equal([1 * 8 * (1 / n0), 2 * 8 * (3 / n1), 3 * 8 * (5 / n0), 4 * 8 * (9 / n1)],
            MapCombination.Modulate(modulated, modulating, ModulationNormalization.L2Height), 1e-5);
    }

    [Fact]
    public void A_flat_modulating_map_gives_zero_not_nan()
    {
        using Tensor flat = Maps(1, 2, [3, 3]);
        Equal([0, 0], MapCombination.Normalize(flat, ModulationNormalization.MinMax));
        Equal([0, 0], MapCombination.Modulate(Maps(1, 2, [5, 7]), flat, ModulationNormalization.MinMax));
        Equal([0, 0], MapCombination.Normalize(Maps(1, 2, [0, 0]), ModulationNormalization.L2Height));
    }

    [Fact]
    public void Teachers_combine_by_sum_product_or_modulation_of_the_named_teachers()
    {
        var maps = new List<(string, Tensor)> { ("resnet", Maps(1, 2, [2, 3])), ("effnet", Maps(1, 2, [1, 5])) };
        var span = SourceSpan.StartOf("test");
        Equal([3, 8], MapCombination.Combine(maps, new CombinationSpec(CombinationKind.Sum, null, span)));
        Equal([2, 15], MapCombination.Combine(maps, new CombinationSpec(CombinationKind.Product, null, span)));
        // resnet modulated by effnet: extent 4, normalised (0, 1) → (0, 3·4·1).
        var modulate = new CombinationSpec(CombinationKind.Modulate, new ModulationSpec("resnet", "effnet", ModulationNormalization.MinMax, span, span), span);
        Equal([0, 12], MapCombination.Combine(maps, modulate));
        // effnet modulated by resnet: extent 1, normalised (0, 1) → (0, 5).
        var swapped = new CombinationSpec(CombinationKind.Modulate, new ModulationSpec("effnet", "resnet", ModulationNormalization.MinMax, span, span), span);
        Equal([0, 5], MapCombination.Combine(maps, swapped));
    }

    [Fact]
    public void Eq12_and_the_other_scores()
    {
        using Tensor maps = Maps(2, 2, [1, 2, 3, 4], [0, 0, 0, -1]);
        Equal([10, -1], ImageScore.Compute(maps, ScoreKind.Sum));
        Equal([4, 0], ImageScore.Compute(maps, ScoreKind.Max));
        Equal([3.5, 0], ImageScore.Compute(maps, ScoreKind.TopKMean, 2));
        Equal([2.5, -0.25], ImageScore.Compute(maps, ScoreKind.TopKMean, 4));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ImageScore.Compute(maps, ScoreKind.TopKMean, 5));
        Assert.Contains("pixel count 4", error.Message);
    }
}
