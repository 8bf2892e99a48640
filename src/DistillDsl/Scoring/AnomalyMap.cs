using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Anomaly map of one teacher/student pair: per-tap distances upsampled bilinearly to the input size and summed,
/// then smoothed; the image score is the map's maximum.</summary>
public static class AnomalyMap
{
    /// <summary>Teacher and student features per tap → [B, 1, height, width] map.</summary>
    public static Tensor Compute(IReadOnlyDictionary<string, Tensor> teacher, IReadOnlyDictionary<string, Tensor> student, long height, long width, double gaussianSigma)
    {
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        foreach (var (tap, teacherFeatures) in teacher)
        {
            Tensor distance = FeatureDistance.PerPixel(teacherFeatures, student[tap]);
            Tensor upsampled = nn.functional.interpolate(distance, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
            sum = sum is null ? upsampled : sum + upsampled;
        }
        if (sum is null) throw new ArgumentException("An anomaly map needs at least one tap.");
        Tensor map = gaussianSigma > 0 ? GaussianSmoothing.Apply(sum, gaussianSigma) : sum;
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>[B, 1, H, W] maps → [B] image scores (maximum of each map).</summary>
    public static Tensor MaxScore(Tensor maps) => maps.flatten(1).amax(1);
}
