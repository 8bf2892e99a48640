using DistillDsl.Evaluation;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Evaluation;

public class TestSetMinMaxTests
{
    [Theory]
    [InlineData(ScoreKind.Max, null)]
    [InlineData(ScoreKind.TopKMean, 5)]
    [InlineData(ScoreKind.Sum, null)]
    public void Equals_scoring_the_maps_after_normalising_every_pixel_with_the_test_sets_range(ScoreKind kind, int? topK)
    {
        // The authors' definition done literally: normalise all maps with the global min and max, then score.
        using var scope = NewDisposeScope();
        // A generator of its own: the global one is shared with tests running in parallel.
        Tensor maps = rand(6, 1, 8, 8, generator: new Generator(7)) * 3 + 0.5;
        float low = maps.min().item<float>(), high = maps.max().item<float>();
        float[] expected = DistillDsl.Scoring.ImageScore.Compute((maps - low) / (high - low), kind, topK).data<float>().ToArray();
        float[] raw = DistillDsl.Scoring.ImageScore.Compute(maps, kind, topK).data<float>().ToArray();

        for (int i = 0; i < raw.Length; i++)
        {
            // A relative tolerance: rounding to a number of decimals fails whenever float error crosses a rounding boundary.
            Assert.Equal(expected[i], TestSetMinMax.Normalize(raw[i], kind, low, high, 64), 1e-5 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Fact]
    public void Max_scores_lie_in_0_1_with_the_highest_exactly_1()
    {
        float[] raw = [0.4f, 2.5f, 1.0f];
        float[] normalised = raw.Select(s => TestSetMinMax.Normalize(s, ScoreKind.Max, 0.1f, 2.5f, 16)).ToArray();
        Assert.Equal(1f, normalised[1]);
        Assert.Equal((0.4 - 0.1) / 2.4, normalised[0], 6);
        Assert.All(normalised, s => Assert.InRange(s, 0f, 1f));
    }

    [Fact]
    public void A_test_set_without_a_range_scores_zero()
    {
        Assert.Equal(0f, TestSetMinMax.Normalize(3f, ScoreKind.Max, 3f, 3f, 16));
    }

    [Fact]
    public void Scoring_info_puts_a_raw_threshold_on_the_reports_scale_only_when_normalised()
    {
        var normalised = new ScoringInfo(ScoreKind.Max, null, ScoreNormalization.TestSetMinMax, 4, 4, 1f, 3f);
        var raw = normalised with { Normalization = ScoreNormalization.None };
        Assert.Equal(0.75f, normalised.ToReportedScale(2.5f));
        Assert.Equal(2.5f, raw.ToReportedScale(2.5f));
    }
}
