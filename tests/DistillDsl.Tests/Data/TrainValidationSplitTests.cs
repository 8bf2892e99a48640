using DistillDsl.Data;

namespace DistillDsl.Tests.Data;

public class TrainValidationSplitTests
{
    private static List<DatasetSample> Samples(int count) =>
        Enumerable.Range(0, count).Select(i => new DatasetSample($"/data/train/good/{i:D3}.png", null, false, "good")).ToList();

    [Fact]
    public void Splits_80_20_into_disjoint_parts_that_keep_the_input_order()
    {
        List<DatasetSample> samples = Samples(50);
        TrainValidationSplit split = TrainValidationSplit.Split(samples, 0.2, seed: 3);

        Assert.Equal(40, split.Train.Count);
        Assert.Equal(10, split.Validation.Count);
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(samples.OrderBy(s => s.ImagePath), split.Train.Concat(split.Validation).OrderBy(s => s.ImagePath));
        Assert.Equal(split.Train.OrderBy(s => samples.IndexOf(s)), split.Train);
        Assert.Equal(split.Validation.OrderBy(s => samples.IndexOf(s)), split.Validation);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_other_seeds_other_splits()
    {
        List<DatasetSample> samples = Samples(50);
        IReadOnlyList<DatasetSample> first = TrainValidationSplit.Split(samples, 0.2, seed: 11).Validation;
        IReadOnlyList<DatasetSample> again = TrainValidationSplit.Split(Samples(50), 0.2, seed: 11).Validation;
        Assert.Equal(first, again);

        var others = Enumerable.Range(12, 5).Select(seed => TrainValidationSplit.Split(samples, 0.2, seed).Validation).ToList();
        Assert.All(others, other => Assert.NotEqual(first, other));
    }

    [Fact]
    public void The_validation_choice_is_not_simply_the_first_or_last_samples()
    {
        List<DatasetSample> samples = Samples(100);
        IReadOnlyList<DatasetSample> validation = TrainValidationSplit.Split(samples, 0.2, seed: 0).Validation;
        int[] positions = validation.Select(s => samples.IndexOf(s)).ToArray();
        Assert.True(positions.Min() < 40 && positions.Max() >= 60, $"validation positions {string.Join(",", positions)} should spread");
    }

    [Theory]
    [InlineData(1, 0.2, 0)]   // never leaves training empty
    [InlineData(2, 0.2, 0)]   // round(0.4) = 0
    [InlineData(3, 0.2, 1)]   // round(0.6) = 1
    [InlineData(10, 0.0, 0)]
    [InlineData(10, 0.99, 9)] // capped at n - 1
    public void Validation_count_is_rounded_and_training_never_empty(int count, double fraction, int expectedValidation)
    {
        TrainValidationSplit split = TrainValidationSplit.Split(Samples(count), fraction, seed: 1);
        Assert.Equal(expectedValidation, split.Validation.Count);
        Assert.Equal(count - expectedValidation, split.Train.Count);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Rejects_fractions_outside_0_to_1(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainValidationSplit.Split(Samples(10), fraction, seed: 1));
    }
}
