using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using static DistillDsl.Tests.Scoring.ScoringReference;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary><c>loss.feature_norm</c>, <c>anomaly_map.feature_norm</c> and <c>loss.hard_quantile</c> against PyTorch
/// (Fixtures/Scoring/make_scoring_fixture.py): distances, loss values and the student's gradient.</summary>
public class HardLossAndFeatureNormTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, Root.GetProperty("loss_cases").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Distances_loss_and_gradient_match_pytorch(int index)
    {
        var c = Root.GetProperty("loss_cases")[index];
        var features = Root.GetProperty("features");
        long[] shape = Longs(features.GetProperty("shape"));
        var distance = c.GetProperty("distance").GetString() == "l2" ? FeatureDistanceKind.L2 : FeatureDistanceKind.SquaredL2;
        var norm = c.GetProperty("feature_norm").GetString() == "none" ? FeatureNormalization.None : FeatureNormalization.ChannelL2;
        double? q = c.GetProperty("hard_quantile").ValueKind == System.Text.Json.JsonValueKind.Null ? null : c.GetProperty("hard_quantile").GetDouble();

        using var scope = NewDisposeScope();
        Tensor teacher = Tensor(features.GetProperty("teacher"), shape);
        Tensor student = Tensor(features.GetProperty("student"), shape).requires_grad_();

        Close(Floats(c.GetProperty("distances")), FeatureDistance.PerPixel(teacher, student, distance, norm));
        Tensor loss = DistillationLoss.TapLoss(teacher, student, distance, norm, q);
        Close([c.GetProperty("loss").GetSingle()], loss);
        loss.backward();
        Close(Floats(c.GetProperty("student_grad")), student.grad!, absolute: 1e-7, relative: 1e-4);
    }

    [Fact]
    public void Hard_quantile_zero_keeps_every_pixel()
    {
        using var scope = NewDisposeScope();
        Tensor distances = tensor(new float[] { 3, 1, 2, 2 }).reshape(1, 1, 2, 2);
        Assert.Equal(2f, DistillationLoss.HardMean(distances, 0).item<float>());
        // q = 0.5 on (1, 2, 2, 3): the quantile is 2, so the mean of (3, 2, 2) counts ties at the quantile.
        Assert.Equal(7f / 3f, DistillationLoss.HardMean(distances, 0.5).item<float>(), 6);
    }

    [Fact]
    public void Without_feature_normalisation_the_distance_is_of_the_raw_features()
    {
        using var scope = NewDisposeScope();
        // T = (3, 4), S = (0, 0): ½‖T − S‖ = 2.5, ½‖T − S‖² = 12.5 (channel-normalised, S = 0 stays 0 and gives 0.5).
        Tensor t = tensor(new float[] { 3, 4 }).reshape(1, 2, 1, 1), s = zeros(1, 2, 1, 1);
        Assert.Equal(2.5f, FeatureDistance.PerPixel(t, s, FeatureDistanceKind.L2, FeatureNormalization.None).item<float>(), 6);
        Assert.Equal(12.5f, FeatureDistance.PerPixel(t, s, FeatureDistanceKind.SquaredL2, FeatureNormalization.None).item<float>(), 5);
        Assert.Equal(0.5f, FeatureDistance.PerPixel(t, s, FeatureDistanceKind.L2, FeatureNormalization.ChannelL2).item<float>(), 6);
    }
}
