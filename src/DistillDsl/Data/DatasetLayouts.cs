using DistillDsl.Data.Layouts;

namespace DistillDsl.Data;

/// <summary>Opens a dataset folder into a <see cref="DatasetIndex"/>: MVTec AD, BTAD, plain folders, or whichever of
/// them a path looks like.</summary>
public static class DatasetLayouts
{
    private const string Expected =
        "one of: an MVTec AD category folder (train/good, test/<defect>, ground_truth/<defect>/<stem>_mask.png); " +
        "a BTAD category folder (train/ok, test/ok, test/ko, ground_truth/ko); " +
        "a folder with normal/ (or good/) and abnormal/ (or anomalous/) image folders and optionally masks/; " +
        "or a dataset root holding such category folders, together with a category name";

    /// <summary>Detects the layout of <paramref name="path"/> (or of <paramref name="path"/>/<paramref name="category"/>)
    /// and opens it. Throws <see cref="DatasetException"/> listing what was expected when nothing matches.</summary>
    public static DatasetIndex Open(string path, string? category = null)
    {
        string folder = CategoryFolder(path, category);
        if (MvtecLayout.Matches(folder)) return MvtecLayout.Open(folder);
        if (BtadLayout.Matches(folder)) return BtadLayout.Open(folder);

        string? normal = FolderLayout.FindSubfolder(folder, FolderLayout.NormalNames);
        string? abnormal = FolderLayout.FindSubfolder(folder, FolderLayout.AbnormalNames);
        if (normal is not null && abnormal is not null)
        {
            return FolderLayout.Open(normal, abnormal, FolderLayout.FindSubfolder(folder, FolderLayout.MaskNames), null, 0.2, 0)
                with { CategoryName = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) };
        }

        IReadOnlyList<string> categories = FindCategories(folder);
        if (categories.Count > 0)
        {
            throw new DatasetException(folder,
                $"this is a dataset root holding the categories {string.Join(", ", categories)}; name one of them as the category.");
        }
        List<string> subfolders = ImageFolder.SubfolderNames(folder);
        string found = subfolders.Count == 0 ? "it has no subfolders" : $"its subfolders are {string.Join(", ", subfolders.Take(10))}";
        throw new DatasetException(folder, $"not a recognised dataset layout ({found}). Expected {Expected}.");
    }

    /// <summary>An MVTec AD category: <paramref name="path"/> is the category folder, or the dataset root when
    /// <paramref name="category"/> is given.</summary>
    public static DatasetIndex OpenMvtec(string path, string? category = null) => MvtecLayout.Open(CategoryFolder(path, category));

    /// <summary>A BTAD category: <paramref name="path"/> is the category folder (e.g. BTAD/01), or the dataset root when
    /// <paramref name="category"/> is given.</summary>
    public static DatasetIndex OpenBtad(string path, string? category = null) => BtadLayout.Open(CategoryFolder(path, category));

    /// <summary>Plain folders. Training images are the normal images; when <paramref name="normalTestFolder"/> is null,
    /// a seeded <paramref name="normalTestFraction"/> of them is held out as normal test images instead
    /// (same seed, same files → same choice). When <paramref name="maskFolder"/> is given, every abnormal image needs a
    /// mask in it; without it, abnormal images have no mask (image-level labels only).</summary>
    public static DatasetIndex OpenFolders(string normalFolder, string abnormalFolder, string? maskFolder = null,
                                           string? normalTestFolder = null, double normalTestFraction = 0.2, int seed = 0) =>
        FolderLayout.Open(normalFolder, abnormalFolder, maskFolder, normalTestFolder, normalTestFraction, seed);

    /// <summary>Subfolders of a dataset root that look like MVTec AD or BTAD categories, sorted by name.</summary>
    public static IReadOnlyList<string> FindCategories(string root) =>
        ImageFolder.SubfolderNames(root)
            .Where(name => MvtecLayout.Matches(Path.Combine(root, name)) || BtadLayout.Matches(Path.Combine(root, name)))
            .ToList();

    private static string CategoryFolder(string path, string? category)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string root = Path.GetFullPath(path);
        ImageFolder.RequireFolder(root, Expected);
        if (string.IsNullOrWhiteSpace(category)) return root;

        string folder = Path.Combine(root, category);
        if (Directory.Exists(folder)) return folder;
        IReadOnlyList<string> categories = FindCategories(root);
        string known = categories.Count > 0 ? $"the categories here are {string.Join(", ", categories)}" : "this folder holds no MVTec AD or BTAD category";
        throw new DatasetException(folder, $"category '{category}' not found; {known}.");
    }
}
