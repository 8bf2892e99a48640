namespace DistillDsl.PowerShell.Output;

/// <summary>One synthetic texture category New-DistillSyntheticDataset wrote, in the MVTec AD layout, counted from the files
/// on disk.</summary>
/// <param name="Path">The category folder (train/good, test/&lt;defect&gt;, ground_truth/&lt;defect&gt;).</param>
/// <param name="DefectTypes">The test/&lt;defect&gt; folders, joined by ', ' (a string so that Export-Csv keeps it).</param>
public sealed record DistillSyntheticCategory(string Category, string Path, int ImageSize, int Seed, int TrainCount, int TestGoodCount,
    int TestDefectCount, string DefectTypes);
