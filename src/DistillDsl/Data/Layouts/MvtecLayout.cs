namespace DistillDsl.Data.Layouts;

/// <summary>MVTec AD category folder: train/good; test/&lt;defect&gt; with test/good normal; ground_truth/&lt;defect&gt;/&lt;stem&gt;_mask.png.
/// A defect type whose ground_truth/&lt;defect&gt; folder holds masks needs one for every image (a missing one would silently
/// change the pixel metrics); a type without that folder, or the whole category without ground_truth/, has image labels
/// only (a user's own data often has no masks) and is evaluated at image level. Normal test images may have a mask (some
/// conversions ship empty masks for them); a mask without an image is an error.</summary>
internal static class MvtecLayout
{
    public const string NormalFolder = "good";

    public static bool Matches(string folder) => Directory.Exists(Path.Combine(folder, "train", NormalFolder));

    public static DatasetIndex Open(string categoryFolder)
    {
        categoryFolder = Path.GetFullPath(categoryFolder);
        ImageFolder.RequireFolder(categoryFolder, "an MVTec AD category folder (train/good, test/<defect>, ground_truth/<defect>)");

        string trainFolder = Path.Combine(categoryFolder, "train", NormalFolder);
        List<DatasetSample> train = ImageFolder
            .RequireImages(trainFolder, "the defect-free training images of an MVTec AD category in train/good")
            .Select(image => new DatasetSample(image, null, false, NormalFolder))
            .ToList();

        string testFolder = Path.Combine(categoryFolder, "test");
        ImageFolder.RequireFolder(testFolder, "the MVTec AD test images in test/<defect> (test/good for normal images)");
        string groundTruthFolder = Path.Combine(categoryFolder, "ground_truth");

        var test = new List<DatasetSample>();
        List<string> testTypes = ImageFolder.SubfolderNames(testFolder);
        foreach (string type in testTypes)
        {
            bool isNormal = type.Equals(NormalFolder, StringComparison.OrdinalIgnoreCase);
            string imageFolder = Path.Combine(testFolder, type);
            var masks = new MaskFolder(Path.Combine(groundTruthFolder, type));
            bool labelled = masks.Count > 0;
            foreach (string image in ImageFolder.ListImages(imageFolder))
            {
                test.Add(new DatasetSample(image, masks.Take(image, required: !isNormal && labelled), !isNormal, type));
            }
            masks.ThrowOnOrphans(imageFolder);
        }
        foreach (string type in ImageFolder.SubfolderNames(groundTruthFolder).Except(testTypes, StringComparer.Ordinal))
        {
            new MaskFolder(Path.Combine(groundTruthFolder, type)).ThrowOnOrphans(Path.Combine(testFolder, type));
        }

        if (test.Count == 0)
        {
            throw new DatasetException(testFolder, "no test images found; expected images in test/<defect> folders (test/good for normal ones).");
        }
        return new DatasetIndex(categoryFolder, DatasetLayout.MvtecAd, train, test);
    }
}
