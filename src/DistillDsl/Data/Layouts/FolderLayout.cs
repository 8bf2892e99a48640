namespace DistillDsl.Data.Layouts;

/// <summary>Plain folders: normal images, abnormal images, optionally masks (matched by stem, with or without a
/// <c>_mask</c> suffix). Without a separate folder of normal test images, a seeded fraction of the normal images is
/// held out as normal test images, so the test set has both classes.</summary>
internal static class FolderLayout
{
    /// <summary>Folder names recognised by auto-detection, first match wins.</summary>
    public static readonly IReadOnlyList<string> NormalNames = ["normal", "good"];
    public static readonly IReadOnlyList<string> AbnormalNames = ["abnormal", "anomalous"];
    public static readonly IReadOnlyList<string> MaskNames = ["masks", "mask"];

    public static string? FindSubfolder(string parent, IReadOnlyList<string> names) =>
        names.Select(n => Path.Combine(parent, n)).FirstOrDefault(Directory.Exists);

    public static DatasetIndex Open(string normalFolder, string abnormalFolder, string? maskFolder, string? normalTestFolder,
                                    double normalTestFraction, int seed)
    {
        normalFolder = Path.GetFullPath(normalFolder);
        List<DatasetSample> normals = ImageFolder.RequireImages(normalFolder, "a folder of normal (defect-free) images")
            .Select(image => new DatasetSample(image, null, false, FolderName(normalFolder)))
            .ToList();
        List<string> abnormalImages = ImageFolder.RequireImages(abnormalFolder, "a folder of abnormal (defective) images");
        if (maskFolder is not null) ImageFolder.RequireFolder(maskFolder, "a folder of masks for the abnormal images");
        var masks = maskFolder is null ? null : new MaskFolder(maskFolder);

        List<DatasetSample> train;
        List<DatasetSample> normalTest;
        if (normalTestFolder is null)
        {
            TrainValidationSplit split = TrainValidationSplit.Split(normals, normalTestFraction, seed);
            train = split.Train.ToList();
            normalTest = split.Validation.ToList();
        }
        else
        {
            train = normals;
            normalTest = ImageFolder.RequireImages(normalTestFolder, "a folder of normal test images")
                .Select(image => new DatasetSample(image, null, false, FolderName(normalTestFolder)))
                .ToList();
        }

        // Masks of normal images are allowed (some datasets ship empty ones): attach them to test images, and mark
        // those of training images as used so that they are not reported as orphans.
        if (masks is not null)
        {
            foreach (DatasetSample sample in train) masks.Take(sample.ImagePath, required: false);
            normalTest = normalTest.Select(s => s with { MaskPath = masks.Take(s.ImagePath, required: false) }).ToList();
        }
        string abnormalType = FolderName(abnormalFolder);
        var test = new List<DatasetSample>(normalTest);
        test.AddRange(abnormalImages.Select(image => new DatasetSample(image, masks?.Take(image, required: true), true, abnormalType)));
        masks?.ThrowOnOrphans(abnormalFolder);

        return new DatasetIndex(normalFolder, DatasetLayout.Folders, train, test);
    }

    private static string FolderName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
