using System.Globalization;

namespace DistillDsl.Data.Layouts;

/// <summary>Listing helpers shared by the layouts: which files are images, in which order, and the errors for missing
/// or empty folders.</summary>
internal static class ImageFolder
{
    /// <summary>Extensions the loader decodes (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    public static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static void RequireFolder(string folder, string expected)
    {
        if (!Directory.Exists(folder))
        {
            string reason = File.Exists(folder) ? "is a file, not a folder" : "folder not found";
            throw new DatasetException(folder, $"{reason}; expected {expected}.");
        }
    }

    /// <summary>Images directly in the folder, sorted by ordinal file name; empty when the folder does not exist.</summary>
    public static List<string> ListImages(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder).Where(IsImage).Order(StringComparer.Ordinal).Select(Path.GetFullPath).ToList();

    /// <summary>Images in the folder; throws when the folder is missing or holds none, saying what it holds instead.</summary>
    public static List<string> RequireImages(string folder, string expected)
    {
        RequireFolder(folder, expected);
        List<string> images = ListImages(folder);
        if (images.Count > 0) return images;

        List<string> others = Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        int subfolders = Directory.EnumerateDirectories(folder).Count();
        string found = others.Count == 0 && subfolders == 0
            ? "the folder is empty"
            : string.Create(CultureInfo.InvariantCulture,
                $"it holds {others.Count} other file(s){(others.Count > 0 ? $" (e.g. {string.Join(", ", others.Take(3))})" : "")} and {subfolders} subfolder(s)");
        throw new DatasetException(folder, $"no images (PNG, JPEG or BMP) found; {found}. Expected {expected}.");
    }

    /// <summary>Names of the subfolders, sorted ordinally; empty when the folder does not exist.</summary>
    public static List<string> SubfolderNames(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateDirectories(folder).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
}
