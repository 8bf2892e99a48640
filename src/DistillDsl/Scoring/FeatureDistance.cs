using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>STPM's per-pixel distance between teacher and student features: ½‖norm(T) − norm(S)‖², norms taken along channels.</summary>
public static class FeatureDistance
{
    /// <summary>[B, C, h, w] teacher and student features → [B, 1, h, w] distances.</summary>
    public static Tensor PerPixel(Tensor teacher, Tensor student)
    {
        if (!teacher.shape.SequenceEqual(student.shape))
        {
            throw new ArgumentException($"Teacher features {Shape(teacher)} and student features {Shape(student)} must have the same shape.");
        }
        using var scope = NewDisposeScope();
        Tensor t = nn.functional.normalize(teacher, p: 2, dim: 1);
        Tensor s = nn.functional.normalize(student, p: 2, dim: 1);
        return (0.5 * (t - s).pow(2).sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>The training loss of one tap: the per-pixel distance averaged over pixels and the batch (a scalar).</summary>
    public static Tensor Loss(Tensor teacher, Tensor student)
    {
        using var scope = NewDisposeScope();
        return PerPixel(teacher, student).mean().MoveToOuterDisposeScope();
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
