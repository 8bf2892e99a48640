using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using TorchSharp;
using UpsampleMode = DistillDsl.Spec.Model.UpsampleMode;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Anomaly maps of one teacher/student pair (paper Eq. 9–10): per tap the feature distance (optionally scaled),
/// upsampled to the image size; the taps combined by sum or product. <see cref="MapCombination"/> combines teachers.</summary>
public static class AnomalyMaps
{
    /// <summary>One tap's map at the tap's resolution, [B, 1, h, w]: the per-pixel distance, divided by h·w for
    /// <see cref="TapScale.InverseArea"/> (the authors' code).</summary>
    public static Tensor TapMap(Tensor teacher, Tensor student, FeatureDistanceKind distance, TapScale scale,
                                FeatureNormalization normalization = FeatureNormalization.ChannelL2)
    {
        using var scope = NewDisposeScope();
        Tensor map = FeatureDistance.PerPixel(teacher, student, distance, normalization);
        map = scale switch
        {
            TapScale.None => map,
            TapScale.InverseArea => ScalarArithmetic.Div(map, map.shape[2] * map.shape[3]),
            _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "unknown tap scale."),
        };
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>[B, 1, h, w] → [B, 1, height, width]: bilinear with align_corners = false (PyTorch's default), or nearest.</summary>
    public static Tensor Upsample(Tensor map, long height, long width, UpsampleMode mode) => mode switch
    {
        UpsampleMode.Bilinear => nn.functional.interpolate(map, [height, width], mode: InterpolationMode.Bilinear, align_corners: false),
        UpsampleMode.Nearest => nn.functional.interpolate(map, [height, width], mode: InterpolationMode.Nearest),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown upsampling mode."),
    };

    /// <summary>One teacher's map from its upsampled tap maps: the element-wise sum (Eq. 9–10) or product (STPM).</summary>
    public static Tensor CombineTaps(IReadOnlyList<Tensor> tapMaps, TapCombination overTaps) => overTaps switch
    {
        TapCombination.Sum => MapCombination.Sum(tapMaps),
        TapCombination.Product => MapCombination.Product(tapMaps),
        _ => throw new ArgumentOutOfRangeException(nameof(overTaps), overTaps, "unknown tap combination."),
    };

    /// <summary>Teacher and student features per tap → [B, 1, height, width] map: STPM's squared distance per tap, bilinear
    /// upsampling, sum over taps, then Gaussian smoothing when <paramref name="gaussianSigma"/> &gt; 0.</summary>
    public static Tensor Compute(IReadOnlyDictionary<string, Tensor> teacher, IReadOnlyDictionary<string, Tensor> student, long height, long width, double gaussianSigma)
    {
        if (teacher.Count == 0) throw new ArgumentException("An anomaly map needs at least one tap.");
        using var scope = NewDisposeScope();
        var maps = teacher.Select(tap => Upsample(FeatureDistance.PerPixel(tap.Value, student[tap.Key]), height, width, UpsampleMode.Bilinear)).ToList();
        Tensor sum = MapCombination.Sum(maps);
        Tensor map = gaussianSigma > 0 ? GaussianSmoothing.Apply(sum, gaussianSigma) : sum;
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>[B, 1, H, W] maps → [B] image scores (maximum of each map).</summary>
    public static Tensor MaxScore(Tensor maps) => ImageScore.Max(maps);
}
