using DistillDsl.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

public class ScoringTests
{
    [Fact]
    public void Distance_of_orthogonal_unit_features_is_one_and_of_equal_directions_zero()
    {
        // Teacher (1,0) vs student (0,3): normalised difference (1,−1), ½·‖·‖² = 1. Second pixel: (2,0) vs (5,0) → 0.
        using Tensor teacher = tensor(new float[] { 1, 2, 0, 0 }).reshape(1, 2, 1, 2);
        using Tensor student = tensor(new float[] { 0, 5, 3, 0 }).reshape(1, 2, 1, 2);
        using Tensor distance = FeatureDistance.PerPixel(teacher, student);
        Assert.Equal(new long[] { 1, 1, 1, 2 }, distance.shape);
        float[] values = distance.data<float>().ToArray();
        Assert.Equal(1f, values[0], 5);
        Assert.Equal(0f, values[1], 5);
        using Tensor loss = FeatureDistance.Loss(teacher, student);
        Assert.Equal(0.5f, loss.item<float>(), 5);
    }

    [Fact]
    public void Shape_mismatch_names_both_shapes()
    {
        using Tensor a = zeros(1, 2, 4, 4);
        using Tensor b = zeros(1, 3, 4, 4);
        var error = Assert.Throws<ArgumentException>(() => FeatureDistance.PerPixel(a, b));
        Assert.Contains("[1, 2, 4, 4]", error.Message);
        Assert.Contains("[1, 3, 4, 4]", error.Message);
    }

    [Fact]
    public void Gaussian_smoothing_keeps_mass_and_spreads_an_impulse_symmetrically()
    {
        Assert.Equal(33, GaussianSmoothing.KernelSize(4));
        using Tensor impulse = zeros(1, 1, 64, 64);
        impulse[0, 0, 32, 32] = tensor(1f);
        using Tensor blurred = GaussianSmoothing.Apply(impulse, 2.0);
        Assert.Equal(1.0, blurred.sum().item<float>(), 4);
        float centre = blurred[0, 0, 32, 32].item<float>();
        // Peak of a normalised 2D Gaussian with σ = 2: 1 / (2πσ²) ≈ 0.0398 (discrete kernel: within 1 %).
        Assert.InRange(centre, 0.0398 * 0.99, 0.0398 * 1.01);
        Assert.Equal(blurred[0, 0, 32, 29].item<float>(), blurred[0, 0, 32, 35].item<float>(), 6);
        Assert.Equal(blurred[0, 0, 29, 32].item<float>(), blurred[0, 0, 32, 29].item<float>(), 6);
    }

    [Fact]
    public void Anomaly_map_sums_upsampled_tap_distances_and_scores_by_maximum()
    {
        // Two taps of different resolution, each with distance 1 everywhere (orthogonal features) → map = 2 everywhere.
        var teacher = new Dictionary<string, Tensor> { ["a"] = ones(2, 2, 4, 4) * tensor(new float[] { 1, 0 }).view(1, 2, 1, 1), ["b"] = ones(2, 2, 2, 2) * tensor(new float[] { 1, 0 }).view(1, 2, 1, 1) };
        var student = new Dictionary<string, Tensor> { ["a"] = ones(2, 2, 4, 4) * tensor(new float[] { 0, 1 }).view(1, 2, 1, 1), ["b"] = ones(2, 2, 2, 2) * tensor(new float[] { 0, 1 }).view(1, 2, 1, 1) };
        using Tensor map = AnomalyMaps.Compute(teacher, student, 16, 16, gaussianSigma: 1.0);
        Assert.Equal(new long[] { 2, 1, 16, 16 }, map.shape);
        Assert.True(allclose(map, full_like(map, 2.0), atol: 1e-5));
        using Tensor scores = AnomalyMaps.MaxScore(map);
        Assert.Equal(new long[] { 2 }, scores.shape);
        Assert.Equal(2f, scores[0].item<float>(), 5);
    }
}
