using DistillDsl.Data;
using DistillDsl.Data.Synthetic;

namespace DistillDsl.Bench;

/// <summary>The five synthetic texture families that <c>--families</c> adds to the choice, as a check that a recipe holds
/// beyond the one real dataset: the same files as <c>New-DistillSyntheticDataset &lt;root&gt; -Family F -TrainCount 80 -Seed 42</c>
/// at the bench's image size. Only their training images are used (the trainer's validation split, with painted defects).</summary>
internal static class SyntheticFamilies
{
    public const int TrainCount = 80;
    public const int Seed = 42;

    /// <summary>Writes (or rewrites, byte for byte the same) every family under <paramref name="root"/> and opens each.</summary>
    public static IReadOnlyList<DatasetIndex> Write(string root, int imageSize)
    {
        var options = new SyntheticDatasetOptions { ImageSize = imageSize, TrainCount = TrainCount, Seed = Seed, Overwrite = true };
        return SyntheticTextureGenerator.WriteMvtecLayout(root, options).Select(category => DatasetLayouts.Open(root, category)).ToList();
    }
}
