namespace DistillDsl.Data.Layouts;

/// <summary>BTAD category folder: train/ok; test/ok (normal) and test/ko (defective); ground_truth/ko/&lt;stem&gt;.&lt;ext&gt;.
/// BTAD masks share the image's stem but not always its extension (categories 01 and 03 pair .bmp images with .png
/// masks), so masks are matched by stem with any image extension; a <c>_mask</c> suffix is accepted too. Without masks in
/// ground_truth/ko (or without ground_truth/) the category has image labels only and is evaluated at image level; with
/// some, every ko image needs one.</summary>
internal static class BtadLayout
{
    public const string NormalFolder = "ok";
    public const string AnomalousFolder = "ko";

    public static bool Matches(string folder) => Directory.Exists(Path.Combine(folder, "train", NormalFolder));

    public static DatasetIndex Open(string categoryFolder)
    {
        categoryFolder = Path.GetFullPath(categoryFolder);
        ImageFolder.RequireFolder(categoryFolder, "a BTAD category folder (train/ok, test/ok, test/ko, ground_truth/ko)");

        string trainFolder = Path.Combine(categoryFolder, "train", NormalFolder);
        List<DatasetSample> train = ImageFolder
            .RequireImages(trainFolder, "the defect-free training images of a BTAD category in train/ok")
            .Select(image => new DatasetSample(image, null, false, NormalFolder))
            .ToList();

        string testFolder = Path.Combine(categoryFolder, "test");
        ImageFolder.RequireFolder(testFolder, "the BTAD test images in test/ok and test/ko");
        foreach (string unexpected in ImageFolder.SubfolderNames(testFolder).Where(n =>
                     !n.Equals(NormalFolder, StringComparison.OrdinalIgnoreCase) && !n.Equals(AnomalousFolder, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DatasetException(Path.Combine(testFolder, unexpected), "unexpected folder: a BTAD test folder holds only ok and ko.");
        }

        string normalFolder = Path.Combine(testFolder, NormalFolder);
        string anomalousFolder = Path.Combine(testFolder, AnomalousFolder);
        string groundTruthFolder = Path.Combine(categoryFolder, "ground_truth");
        var normalMasks = new MaskFolder(Path.Combine(groundTruthFolder, NormalFolder));
        var anomalousMasks = new MaskFolder(Path.Combine(groundTruthFolder, AnomalousFolder));

        var test = new List<DatasetSample>();
        foreach (string image in ImageFolder.ListImages(normalFolder))
        {
            test.Add(new DatasetSample(image, normalMasks.Take(image, required: false), false, NormalFolder));
        }
        foreach (string image in ImageFolder.ListImages(anomalousFolder))
        {
            test.Add(new DatasetSample(image, anomalousMasks.Take(image, required: anomalousMasks.Count > 0), true, AnomalousFolder));
        }
        normalMasks.ThrowOnOrphans(normalFolder);
        anomalousMasks.ThrowOnOrphans(anomalousFolder);

        if (test.Count == 0)
        {
            throw new DatasetException(testFolder, "no test images found; expected images in test/ok and test/ko.");
        }
        return new DatasetIndex(categoryFolder, DatasetLayout.Btad, train, test);
    }
}
