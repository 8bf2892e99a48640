using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Image scores from [B, 1, H, W] anomaly maps → [B]: the sum of the map (Eq. 12), its maximum, or the mean of its
/// k largest pixels.</summary>
public static class ImageScore
{
    public static Tensor Compute(Tensor maps, ScoreKind kind, int? topK = null) => kind switch
    {
        ScoreKind.Sum => Sum(maps),
        ScoreKind.Max => Max(maps),
        ScoreKind.TopKMean => TopKMean(maps, topK ?? throw new ArgumentException("A top-k mean score needs k.", nameof(topK))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown score kind."),
    };

    /// <summary>Eq. 12: Σ_ij M_ij.</summary>
    public static Tensor Sum(Tensor maps)
    {
        using var scope = NewDisposeScope();
        return maps.flatten(1).sum(1).MoveToOuterDisposeScope();
    }

    public static Tensor Max(Tensor maps)
    {
        using var scope = NewDisposeScope();
        return maps.flatten(1).amax(1).MoveToOuterDisposeScope();
    }

    /// <summary>Mean of each map's <paramref name="k"/> largest pixels.</summary>
    public static Tensor TopKMean(Tensor maps, int k)
    {
        using var scope = NewDisposeScope();
        Tensor flat = maps.flatten(1);
        if (k < 1 || k > flat.shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the map's pixel count {flat.shape[1]}.");
        }
        return flat.topk(k, dim: 1).values.mean([1]).MoveToOuterDisposeScope();
    }
}
