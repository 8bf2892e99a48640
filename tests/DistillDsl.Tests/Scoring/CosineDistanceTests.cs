using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using static DistillDsl.Tests.Scoring.EquationTensors;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>Reverse Distillation's distance, 1 − cos(T, S) along the channels of each pixel, on hand-computed vectors.</summary>
public class CosineDistanceTests
{
    // Pixel 0: (1, 0) · (0, 1) = 0: orthogonal, distance 1.
    // Pixel 1: (1, 1) and (2, 2): same direction, distance 0 whatever the lengths.
    // Pixel 2: (3, 4) · (4, 3) = 24, lengths 5 and 5: cos 24/25, distance 0.04.
    // Pixel 3: (1, 0) and (−2, 0): opposite, distance 2.
    // Pixel 4: (0, 0) and (1, 0): the zero vector's norm is floored at ε, so cos 0 and distance 1 (no NaN).
    private static Tensor Teacher() => Pixels([1, 0], [1, 1], [3, 4], [1, 0], [0, 0]);
    private static Tensor Student() => Pixels([0, 1], [2, 2], [4, 3], [-2, 0], [1, 0]);

    private static readonly double[] Expected = [1, 0, 0.04, 2, 1];

    [Fact]
    public void One_minus_cosine_per_pixel_matches_the_hand_computed_values()
    {
        using var scope = NewDisposeScope();
        Tensor distance = FeatureDistance.PerPixel(Teacher(), Student(), FeatureDistanceKind.Cosine);

        Assert.Equal(new long[] { 1, 1, 1, 5 }, distance.shape);
        Equal(Expected, distance);
        Equal(Expected, FeatureDistance.Cosine(Teacher(), Student()));
    }

    [Fact]
    public void Channel_normalisation_changes_nothing()
    {
        using var scope = NewDisposeScope();
        Tensor normalised = FeatureDistance.PerPixel(Teacher(), Student(), FeatureDistanceKind.Cosine, FeatureNormalization.ChannelL2);
        Tensor raw = FeatureDistance.PerPixel(Teacher(), Student(), FeatureDistanceKind.Cosine, FeatureNormalization.None);

        Assert.True(normalised.eq(raw).all().item<bool>());
    }

    [Fact]
    public void The_tap_loss_is_the_pixel_mean_and_the_tap_map_the_distance()
    {
        using var scope = NewDisposeScope();
        Equal([Expected.Average()], DistillationLoss.TapLoss(Teacher(), Student(), FeatureDistanceKind.Cosine));
        Equal(Expected, AnomalyMaps.TapMap(Teacher(), Student(), FeatureDistanceKind.Cosine, TapScale.None));
    }

    [Fact]
    public void A_student_equal_to_its_teacher_has_distance_zero_and_a_finite_gradient()
    {
        using var scope = NewDisposeScope();
        Tensor t = Pixels([3, 4], [1, 0], [-2, 5]);
        Tensor s = t.clone().requires_grad_();

        Tensor loss = DistillationLoss.TapLoss(t, s, FeatureDistanceKind.Cosine);
        loss.backward();

        Assert.True(Math.Abs(loss.item<float>()) < 1e-6, $"loss {loss.item<float>()}");
        Assert.True(s.grad!.isfinite().all().item<bool>(), "a student equal to its teacher got a non-finite gradient");
    }
}
