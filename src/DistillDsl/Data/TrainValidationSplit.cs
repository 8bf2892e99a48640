namespace DistillDsl.Data;

/// <summary>A seeded, reproducible split of training samples into a training part and a validation part.</summary>
/// <remarks>The split is a Fisher–Yates permutation from <see cref="DeterministicRandom"/> (SplitMix64), so the same
/// seed and the same sample list give the same split on every machine and .NET version. The layouts list samples in
/// ordinal file-name order, so the same files give the same list. Both parts keep the input order.</remarks>
public sealed record TrainValidationSplit(IReadOnlyList<DatasetSample> Train, IReadOnlyList<DatasetSample> Validation)
{
    /// <param name="validationFraction">In [0, 1); the validation count is round(n × fraction), kept below n so that
    /// training never ends up empty.</param>
    public static TrainValidationSplit Split(IReadOnlyList<DatasetSample> samples, double validationFraction = 0.2, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1).");
        }

        int validationCount = Math.Min((int)Math.Round(samples.Count * validationFraction, MidpointRounding.AwayFromZero),
                                       Math.Max(samples.Count - 1, 0));
        int[] order = Enumerable.Range(0, samples.Count).ToArray();
        DeterministicRandom.ForStream(seed, SplitStream).Shuffle(order);

        var isValidation = new bool[samples.Count];
        foreach (int index in order.Take(validationCount)) isValidation[index] = true;
        var train = new List<DatasetSample>(samples.Count - validationCount);
        var validation = new List<DatasetSample>(validationCount);
        for (int i = 0; i < samples.Count; i++) (isValidation[i] ? validation : train).Add(samples[i]);
        return new TrainValidationSplit(train, validation);
    }

    // Keeps the split's random stream apart from other uses of the same user seed (e.g. shuffling).
    private const long SplitStream = 0x5711;
}
