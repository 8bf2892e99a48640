using DistillDsl.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;
using DistillDsl.Torch;

namespace DistillDsl.Scoring;

/// <summary>Per-pixel distance between channel-normalised teacher and student features (norms taken along channels):
/// <see cref="FeatureDistanceKind.L2"/> = ½‖norm(T) − norm(S)‖₂ (paper Eq. 2 and 5), <see cref="FeatureDistanceKind.SquaredL2"/> =
/// ½‖norm(T) − norm(S)‖₂² (STPM; the authors' code), <see cref="FeatureDistanceKind.Cosine"/> = 1 − cos(T, S) (Reverse
/// Distillation). norm is the channel-wise L2 normalisation, or the identity for <see cref="FeatureNormalization.None"/>.</summary>
public static class FeatureDistance
{
    /// <summary>[B, C, h, w] teacher and student features → [B, 1, h, w] distances of the given kind.</summary>
    /// <remarks>The L2 norm is taken with <c>linalg.vector_norm</c>, whose gradient at a zero difference is 0 (a square root
    /// written by hand would give NaN there, e.g. for a student that starts as a copy of its teacher).</remarks>
    public static Tensor PerPixel(Tensor teacher, Tensor student, FeatureDistanceKind kind, FeatureNormalization normalization = FeatureNormalization.ChannelL2)
    {
        if (!teacher.shape.SequenceEqual(student.shape))
        {
            throw new ArgumentException($"Teacher features {Shape(teacher)} and student features {Shape(student)} must have the same shape.");
        }
        using var scope = NewDisposeScope();
        if (kind == FeatureDistanceKind.Cosine) return Cosine(teacher, student).MoveToOuterDisposeScope();
        Tensor difference = normalization switch
        {
            FeatureNormalization.ChannelL2 => nn.functional.normalize(teacher, p: 2, dim: 1) - nn.functional.normalize(student, p: 2, dim: 1),
            FeatureNormalization.None => teacher - student,
            _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "unknown feature normalisation."),
        };
        Tensor distance = kind switch
        {
            FeatureDistanceKind.L2 => ScalarArithmetic.Mul(linalg.vector_norm(difference, 2, [1], keepdim: true), 0.5),
            FeatureDistanceKind.SquaredL2 => ScalarArithmetic.Mul(difference.square().sum(1, keepdim: true), 0.5),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown feature distance."),
        };
        return distance.MoveToOuterDisposeScope();
    }

    /// <summary>F.cosine_similarity's ε: each feature vector's norm is floored at it.</summary>
    public const double CosineEpsilon = 1e-8;

    /// <summary>Reverse Distillation's distance, [B, C, h, w] → [B, 1, h, w]: 1 − cos(T, S) along the channels of each pixel,
    /// with torch's <c>cosine_similarity(T, S, dim 1, eps 1e-8)</c> (each vector divided by max(‖x‖, ε), then the dot
    /// product). The cosine does not depend on the vectors' lengths, so a channel-wise L2 normalisation before it would change
    /// nothing: <see cref="PerPixel(Tensor, Tensor, FeatureDistanceKind, FeatureNormalization)"/> ignores
    /// <c>feature_norm</c> for it and computes it once, on the features as they are. Ranges over [0, 2].</summary>
    public static Tensor Cosine(Tensor teacher, Tensor student)
    {
        using var scope = NewDisposeScope();
        Tensor similarity = nn.functional.cosine_similarity(teacher, student, dim: 1, eps: CosineEpsilon).unsqueeze(1);
        return ScalarArithmetic.Sub(similarity, 1.0).neg_().MoveToOuterDisposeScope(); // fl(1 − s) = −fl(s − 1)
    }

    /// <summary>STPM's squared distance, [B, C, h, w] → [B, 1, h, w] (<see cref="FeatureDistanceKind.SquaredL2"/>).</summary>
    public static Tensor PerPixel(Tensor teacher, Tensor student) => PerPixel(teacher, student, FeatureDistanceKind.SquaredL2);

    /// <summary>The training loss of one tap with STPM's squared distance: averaged over pixels and the batch (a scalar).</summary>
    public static Tensor Loss(Tensor teacher, Tensor student) => DistillationLoss.TapLoss(teacher, student, FeatureDistanceKind.SquaredL2);

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
