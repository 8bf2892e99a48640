using DistillDsl.Spec.Model;

namespace DistillDsl.Evaluation;

/// <summary><c>score.normalize: test_set_minmax</c>, as the authors' code does it: every anomaly map of the test set is min-max
/// normalised with the lowest and highest pixel over ALL test maps, M' = (M − min) / (max − min), and the image score is
/// taken from the normalised map. This is the one place where test images influence each other's scores; it is an
/// increasing affine map of the raw scores, so rankings, AUROC and every pixel metric are unchanged.</summary>
/// <remarks>Each score kind commutes with that affine map, so the normalised score follows from the raw score and the
/// test set's pixel range alone, without keeping the maps: max and top-k mean give (s − min) / (max − min), the sum
/// (Eq. 12) gives (s − N·min) / (max − min) with N pixels per map. For max and top-k mean the scores then lie in [0, 1]
/// and the highest is 1 when the test set's highest pixel is in the map of the highest-scoring image (always, for max).
/// A test set whose maps are all one constant value has no range: every score becomes 0.</remarks>
public static class TestSetMinMax
{
    /// <param name="mapMinimum">The lowest pixel of all test maps.</param>
    /// <param name="mapMaximum">The highest pixel of all test maps.</param>
    /// <param name="pixelsPerMap">H·W of one map (the sum score needs it).</param>
    public static float Normalize(float rawScore, ScoreKind kind, float mapMinimum, float mapMaximum, long pixelsPerMap)
    {
        double range = (double)mapMaximum - mapMinimum;
        if (!(range > 0)) return 0f;
        double offset = kind switch
        {
            ScoreKind.Max or ScoreKind.TopKMean => mapMinimum,
            ScoreKind.Sum => (double)pixelsPerMap * mapMinimum,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown score kind."),
        };
        return (float)((rawScore - offset) / range);
    }
}
