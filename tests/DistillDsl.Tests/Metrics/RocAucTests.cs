using System.Text.Json;
using DistillDsl.Metrics;

namespace DistillDsl.Tests.Metrics;

public class RocAucTests
{
    [Fact]
    public void Hand_computed_example()
    {
        // Positives 0.8, 0.4; negatives 0.5, 0.1. Pairs (pos > neg): (0.8,0.5) (0.8,0.1) (0.4,0.1) = 3 of 4 → 0.75.
        float[] scores = [0.8f, 0.5f, 0.4f, 0.1f];
        bool[] labels = [true, false, true, false];
        Assert.Equal(0.75, RocAuc.Compute(scores, labels), 12);
    }

    [Fact]
    public void Ties_between_classes_count_half()
    {
        // One positive and one negative with equal scores: 0.5 by definition.
        Assert.Equal(0.5, RocAuc.Compute([0.3f, 0.3f], [true, false]), 12);
    }

    [Fact]
    public void Agrees_with_scikit_learn_on_fixed_data()
    {
        // Fixture from scikit-learn 1.2.1's roc_auc_score (Fixtures/Metrics/make_roc_auc_fixture.py), including many ties.
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Metrics", "roc_auc_sklearn.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        int cases = 0;
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            float[] scores = item.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            bool[] labels = item.GetProperty("labels").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            double expected = item.GetProperty("auroc").GetDouble();
            Assert.Equal(expected, RocAuc.Compute(scores, labels), 10);
            cases++;
        }
        Assert.Equal(3, cases);
    }

    [Fact]
    public void One_class_only_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1f, 0.2f], [false, false]));
        Assert.Contains("only one class", error.Message);
    }
}
