using DistillDsl.Scoring;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using UpsampleMode = DistillDsl.Spec.Model.UpsampleMode;
using static DistillDsl.Tests.Scoring.ScoringReference;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Scoring;

/// <summary>EfficientAD's map normalisation (<c>anomaly_map.normalize: validation_quantiles</c>) and the quantile it is
/// built on, against PyTorch (Fixtures/Scoring/make_scoring_fixture.py) and by hand.</summary>
public class MapNormalizationTests
{
    [Fact]
    public void Quantiles_match_torch_quantile()
    {
        var q = Root.GetProperty("quantile");
        float[] values = Floats(q.GetProperty("values"));
        float[] sorted = values.OrderBy(v => v).ToArray();
        using var scope = NewDisposeScope();
        foreach (var c in q.GetProperty("cases").EnumerateArray())
        {
            double level = c.GetProperty("q").GetDouble();
            float expected = c.GetProperty("value").GetSingle();
            Assert.Equal(expected, (float)Quantile.OfSorted(sorted, level), 5);
            Assert.Equal(expected, Quantile.Linear(tensor(values), level).item<float>(), 5);
        }
    }

    [Fact]
    public void Normalisation_by_hand_maps_a_to_zero_and_b_to_a_tenth()
    {
        using var scope = NewDisposeScope();
        var quantiles = new MapQuantiles("t", "layer1", 2, 6);
        Tensor map = tensor(new float[] { 2, 6, 4, 10 }).reshape(1, 1, 2, 2);
        EquationTensors.Equal([0, 0.1, 0.05, 0.2], MapNormalization.Apply(map, quantiles));
        // A map that was flat on every validation image: b − a is floored, so nothing divides by zero.
        Assert.True(double.IsFinite(new MapQuantiles("t", null, 1, 1).Scale));
    }

    [Fact]
    public void Per_tap_quantiles_normalised_maps_and_max_scores_match_pytorch()
    {
        var n = Root.GetProperty("map_normalization");
        int size = n.GetProperty("size").GetInt32();
        var taps = n.GetProperty("taps").EnumerateArray().Select(t => (H: t.GetProperty("height").GetInt64(), W: t.GetProperty("width").GetInt64(), C: t.GetProperty("channels").GetInt64())).ToList();
        DistillSpec spec = TwoTapSpec(n.GetProperty("q_a").GetDouble(), n.GetProperty("q_b").GetDouble());
        using var scope = NewDisposeScope();

        List<Tensor> Maps(string part, int images) => taps.Select((tap, i) =>
        {
            var f = n.GetProperty(part)[i];
            Tensor teacher = Tensor(f.GetProperty("teacher"), images, tap.C, tap.H, tap.W);
            Tensor student = Tensor(f.GetProperty("student"), images, tap.C, tap.H, tap.W);
            return AnomalyMaps.Upsample(AnomalyMaps.TapMap(teacher, student, FeatureDistanceKind.SquaredL2, TapScale.None), size, size, UpsampleMode.Bilinear);
        }).ToList();

        var collector = new MapQuantileCollector(spec);
        List<Tensor> validation = Maps("validation", n.GetProperty("validation_images").GetInt32());
        // Two batches, as the trainer adds them: quantiles are over all images together.
        collector.Add([("t", "layer1", validation[0][..2]), ("t", "layer2", validation[1][..2])]);
        collector.Add([("t", "layer1", validation[0][2..]), ("t", "layer2", validation[1][2..])]);
        MapNormalization normalization = collector.Result();
        Assert.Null(normalization.Mismatch(spec));
        var expected = n.GetProperty("quantiles").EnumerateArray().ToList();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i].GetProperty("a").GetDouble(), normalization.Maps[i].A, 6);
            Assert.Equal(expected[i].GetProperty("b").GetDouble(), normalization.Maps[i].B, 6);
        }

        List<Tensor> test = Maps("test", n.GetProperty("test_images").GetInt32());
        var normalised = test.Select((m, i) => MapNormalization.Apply(m, normalization.Maps[i])).ToList();
        Tensor combined = AnomalyMaps.CombineTaps(normalised, TapCombination.Sum);
        Close(Floats(n.GetProperty("combined")), combined, absolute: 1e-5, relative: 1e-4);
        Close(Floats(n.GetProperty("max_scores")), ImageScore.Compute(combined, ScoreKind.Max), absolute: 1e-5, relative: 1e-4);
        Close(Floats(n.GetProperty("top10_scores")), ImageScore.Compute(combined, ScoreKind.TopKMean, 10), absolute: 1e-5, relative: 1e-4);
    }

    [Fact]
    public void Values_for_other_maps_or_quantiles_are_refused()
    {
        DistillSpec spec = TwoTapSpec(0.9, 0.995);
        var good = new MapNormalization(MapNormalizationLevel.Tap, 0.9, 0.995, [new("t", "layer1", 0, 1), new("t", "layer2", 0, 1)]);
        Assert.Null(good.Mismatch(spec));
        Assert.Contains("q_a 0.5", (good with { QuantileA = 0.5 }).Mismatch(spec));
        Assert.Contains("t/layer1", (good with { Maps = [new("t", "layer1", 0, 1)] }).Mismatch(spec));
        Assert.Contains("per teacher", (good with { Level = MapNormalizationLevel.Teacher }).Mismatch(spec));
        Assert.Contains("not finite", (good with { Maps = [new("t", "layer1", double.NaN, 1), new("t", "layer2", 0, 1)] }).Mismatch(spec));
    }

    private static DistillSpec TwoTapSpec(double qa, double qb)
    {
        string yaml = $$"""
            name: two_taps
            input: { size: 64 }
            teachers:
              - name: t
                backbone: resnet18
                weights: random
                taps: [layer1, layer2]
                student: { kind: reduced_resnet, stages: [layer1, layer2] }
            anomaly_map: { normalize: { kind: validation_quantiles, q_a: {{qa}}, q_b: {{qb}} } }
            score: max
            training: { optimizer: { kind: adam, lr: 1.0e-3 }, epochs: 1, batch_size: 2 }
            """;
        ParseResult result = DistillConfigParser.Parse("two_taps.yaml", yaml);
        Assert.True(result.Spec is not null && !result.Diagnostics.Any(d => d.IsError), string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }
}
