using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using static DistillDsl.Tests.Scoring.EquationTensors;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>Paper Eq. 2–8 on hand-computed tensors.</summary>
public class DistillationLossTests
{
    // Pixel 0: T = (3, 4) → (0.6, 0.8); S = (4, −3) → (0.8, −0.6); difference (−0.2, 1.4), squared norm 0.04 + 1.96 = 2.
    // Pixel 1: T = (1, 0), S = (2, 0): same direction, distance 0.
    private static Tensor Teacher() => Pixels([3, 4], [1, 0]);
    private static Tensor Student() => Pixels([4, -3], [2, 0]);

    [Fact]
    public void Eq2_l2_is_half_the_norm_and_squared_l2_half_the_squared_norm()
    {
        using Tensor t = Teacher(), s = Student();
        Equal([0.5 * Math.Sqrt(2), 0], FeatureDistance.PerPixel(t, s, FeatureDistanceKind.L2));
        Equal([1.0, 0], FeatureDistance.PerPixel(t, s, FeatureDistanceKind.SquaredL2));
        Assert.Equal(new long[] { 1, 1, 1, 2 }, FeatureDistance.PerPixel(t, s, FeatureDistanceKind.L2).shape);
    }

    [Fact]
    public void Eq3_tap_loss_is_the_pixel_mean_over_the_batch()
    {
        using Tensor t = Teacher(), s = Student();
        Equal([0.25 * Math.Sqrt(2)], DistillationLoss.TapLoss(t, s, FeatureDistanceKind.L2));
        Equal([0.5], DistillationLoss.TapLoss(t, s, FeatureDistanceKind.SquaredL2));
        // A second image with distance 1 on both pixels: mean over 4 pixels = (1 + 0 + 1 + 1) / 4.
        using Tensor t2 = cat([t, Pixels([1, 0], [0, 1])]), s2 = cat([s, Pixels([0, 1], [1, 0])]);
        Equal([0.75], DistillationLoss.TapLoss(t2, s2, FeatureDistanceKind.SquaredL2));
    }

    [Fact]
    public void The_l2_distance_has_a_zero_gradient_where_student_equals_teacher()
    {
        using Tensor t = Teacher();
        using Tensor s = t.clone().requires_grad_();
        using Tensor loss = DistillationLoss.TapLoss(t, s, FeatureDistanceKind.L2);
        loss.backward();
        Assert.Equal(0f, loss.item<float>());
        Assert.True(s.grad!.isfinite().all().item<bool>(), "a student equal to its teacher got a non-finite gradient");
        Assert.Equal(0f, s.grad!.abs().max().item<float>());
    }

    [Fact]
    public void Eq4_taps_are_summed_with_their_weights_or_averaged_over_the_taps()
    {
        Tensor[] taps = [tensor(1f), tensor(2f), tensor(4f)];
        double[] weights = [1, 0.5, 1];
        Equal([1 + 0.5 * 2 + 4], DistillationLoss.CombineTaps(taps, weights, TapReduction.Sum));
        Equal([(1 + 0.5 * 2 + 4) / 3.0], DistillationLoss.CombineTaps(taps, weights, TapReduction.Mean));
    }

    [Fact]
    public void Eq8_teachers_are_summed_with_their_alphas()
    {
        Equal([2 + 0.1 * 3], DistillationLoss.CombineTeachers([tensor(2f), tensor(3f)], [1.0, 0.1]));
        Assert.Throws<ArgumentException>(() => DistillationLoss.CombineTeachers([tensor(2f)], [1.0, 0.1]));
    }
}
