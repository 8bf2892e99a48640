using System.Globalization;

namespace DistillDsl.Data;

/// <summary>The images of one dataset category, listed (not loaded), in ordinal file-name order within each folder so
/// that the same files always give the same index.</summary>
/// <param name="Root">The category folder (or, for plain folders, the normal-image folder).</param>
public sealed record DatasetIndex(string Root, DatasetLayout Layout, IReadOnlyList<DatasetSample> Train, IReadOnlyList<DatasetSample> Test)
{
    /// <summary>The category's name: <see cref="CategoryName"/> when set, else the last folder name of <see cref="Root"/>.</summary>
    public string Name => CategoryName ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Root));

    /// <summary>Set where <see cref="Root"/> is not named after the category: plain folders, whose root is the normal-image
    /// folder ("normal") but whose category is the dataset folder holding it.</summary>
    public string? CategoryName { get; init; }

    /// <summary>Defect types of the anomalous test images, in order of first appearance.</summary>
    public IReadOnlyList<string> DefectTypes => Test.Where(s => s.IsAnomalous).Select(s => s.DefectType).Distinct().ToList();

    /// <summary>One line for logs: layout, name, counts per defect type.</summary>
    public override string ToString()
    {
        int normalTest = Test.Count(s => !s.IsAnomalous);
        string perDefect = string.Join(", ", DefectTypes.Select(d =>
            string.Create(CultureInfo.InvariantCulture, $"{d} {Test.Count(s => s.IsAnomalous && s.DefectType == d)}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Layout} '{Name}' at {Root}: {Train.Count} train, {Test.Count} test ({normalTest} normal{(perDefect.Length > 0 ? ", " + perDefect : "")})");
    }
}
