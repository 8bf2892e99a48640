using System.Text.Json;
using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class RocAucFromCountsTests
{
    [Fact]
    public void Hand_computed_example_with_a_tie_between_classes()
    {
        // Positives 0.8, 0.4; negatives 0.4, 0.1. Pairs: (0.8,0.4) 1, (0.8,0.1) 1, (0.4,0.4) tie ½, (0.4,0.1) 1 → 3.5 / 4.
        ThresholdCounts counts = ThresholdCounts.FromScores([0.8f, 0.4f, 0.4f, 0.1f], [true, false, true, false]);
        Assert.Equal(0.875, RocAuc.FromCounts(counts)!.Value, 12);
    }

    [Fact]
    public void Equals_the_rank_form_and_scikit_learn_on_the_fixtures()
    {
        // roc_auc_sklearn.json (make_roc_auc_fixture.py) and metrics_reference.json (make_metrics_fixture.py), scikit-learn 1.2.1.
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics", "roc_auc_sklearn.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = document.RootElement.EnumerateArray().Select(item => (
            Scores: item.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            Labels: item.GetProperty("labels").EnumerateArray().Select(e => e.GetBoolean()).ToArray(),
            Auroc: item.GetProperty("auroc").GetDouble())).ToList();
        cases.AddRange(MetricsReference.ImageCases().Select(c => (c.Scores, c.Labels, c.Auroc)));
        Assert.Equal(5, cases.Count);

        foreach (var (scores, labels, expected) in cases)
        {
            double fromCounts = RocAuc.FromCounts(ThresholdCounts.FromScores(scores, labels))!.Value;
            Assert.Equal(expected, fromCounts, 12);
            Assert.Equal(RocAuc.Compute(scores, labels), fromCounts, 12);
        }
    }

    [Fact]
    public void One_class_only_is_undefined_not_an_exception()
    {
        Assert.Null(RocAuc.FromCounts(ThresholdCounts.FromScores([0.1f, 0.2f], [false, false])));
        Assert.Null(RocAuc.FromCounts(ThresholdCounts.FromScores([0.1f, 0.2f], [true, true])));
        Assert.Null(RocAuc.FromCounts(ThresholdCounts.FromScores([], [])));
    }
}
