using System.Globalization;

namespace DistillDsl.Data.Layouts;

/// <summary>The masks of one folder, matched to images by file stem: a mask for image <c>007.bmp</c> is
/// <c>007_mask.&lt;ext&gt;</c> or <c>007.&lt;ext&gt;</c> with any image extension (BTAD pairs .bmp images with .png masks).
/// It remembers which masks were used so that masks without an image are reported, not silently dropped.</summary>
internal sealed class MaskFolder
{
    private const string MaskSuffix = "_mask";
    private readonly string _folder;
    private readonly Dictionary<string, List<string>> _masksByImageStem = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <param name="folder">The mask folder; a missing folder holds no masks.</param>
    public MaskFolder(string folder)
    {
        _folder = Path.GetFullPath(folder);
        foreach (string mask in ImageFolder.ListImages(folder))
        {
            string stem = Path.GetFileNameWithoutExtension(mask);
            string imageStem = stem.EndsWith(MaskSuffix, StringComparison.OrdinalIgnoreCase) ? stem[..^MaskSuffix.Length] : stem;
            if (!_masksByImageStem.TryGetValue(imageStem, out List<string>? list)) _masksByImageStem[imageStem] = list = [];
            list.Add(mask);
        }
    }

    public int Count => _masksByImageStem.Values.Sum(l => l.Count);

    /// <summary>The mask of an image, or null when it has none and none is required.</summary>
    public string? Take(string imagePath, bool required)
    {
        string stem = Path.GetFileNameWithoutExtension(imagePath);
        if (!_masksByImageStem.TryGetValue(stem, out List<string>? candidates))
        {
            if (!required) return null;
            throw new DatasetException(imagePath,
                $"anomalous image without a mask: expected {Path.Combine(_folder, stem + MaskSuffix + ".png")} " +
                $"(or {stem}.png, .jpg, .bmp in that folder).");
        }
        if (candidates.Count > 1)
        {
            throw new DatasetException(imagePath,
                $"ambiguous mask: {string.Join(" and ", candidates.Select(Path.GetFileName))} in {_folder} all match this image; keep one.");
        }
        _used.Add(candidates[0]);
        return candidates[0];
    }

    /// <summary>Throws when some mask matched no image of <paramref name="imageFolder"/>.</summary>
    public void ThrowOnOrphans(string imageFolder)
    {
        List<string> orphans = _masksByImageStem.Values.SelectMany(l => l).Where(m => !_used.Contains(m)).Order(StringComparer.Ordinal).ToList();
        if (orphans.Count == 0) return;

        string stem = Path.GetFileNameWithoutExtension(orphans[0]);
        string imageStem = stem.EndsWith(MaskSuffix, StringComparison.OrdinalIgnoreCase) ? stem[..^MaskSuffix.Length] : stem;
        string more = orphans.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({orphans.Count - 1} more mask(s) without an image in that folder)") : "";
        throw new DatasetException(orphans[0],
            $"mask without an image: no image named '{imageStem}.<png|jpg|jpeg|bmp>' in {Path.GetFullPath(imageFolder)}{more}.");
    }
}
