using DistillDsl.Data;

namespace DistillDsl.Tests.Data;

public class DatasetLayoutsTests
{
    /// <summary>root/&lt;category&gt;: 3 train, test/good 1, test/scratch 2 (masks 000_mask, 001_mask), test/hole 1.</summary>
    private static string MakeMvtec(TempFolder temp, string category = "carpet")
    {
        string c = Path.Combine(temp.Path, category);
        foreach (string name in new[] { "002", "000", "001" }) TestImages.Png(Path.Combine(c, "train", "good", name + ".png"), 8, 8, 3);
        File.WriteAllText(Path.Combine(c, "train", "good", "notes.txt"), "not an image");
        TestImages.Png(Path.Combine(c, "test", "good", "000.png"), 8, 8, 3);
        TestImages.Png(Path.Combine(c, "test", "scratch", "000.png"), 8, 8, 3);
        TestImages.Png(Path.Combine(c, "test", "scratch", "001.png"), 8, 8, 3);
        TestImages.Png(Path.Combine(c, "test", "hole", "000.png"), 8, 8, 3);
        TestImages.Mask(Path.Combine(c, "ground_truth", "scratch", "000_mask.png"), 8, 8, (x, _) => x < 2);
        TestImages.Mask(Path.Combine(c, "ground_truth", "scratch", "001_mask.png"), 8, 8, (x, _) => x < 2);
        TestImages.Mask(Path.Combine(c, "ground_truth", "hole", "000_mask.png"), 8, 8, (x, _) => x < 2);
        return c;
    }

    [Fact]
    public void Mvtec_category_folder_lists_train_and_test_with_masks()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);

        DatasetIndex index = DatasetLayouts.OpenMvtec(category);

        Assert.Equal(DatasetLayout.MvtecAd, index.Layout);
        Assert.Equal("carpet", index.Name);
        Assert.Equal(["000.png", "001.png", "002.png"], index.Train.Select(s => Path.GetFileName(s.ImagePath)));
        Assert.All(index.Train, s => Assert.False(s.IsAnomalous));
        Assert.All(index.Train, s => Assert.Null(s.MaskPath));
        Assert.Equal(["good", "hole", "scratch", "scratch"], index.Test.Select(s => s.DefectType));
        DatasetSample good = index.Test.Single(s => s.DefectType == "good");
        Assert.False(good.IsAnomalous);
        Assert.Null(good.MaskPath);
        DatasetSample scratch = index.Test.First(s => s.DefectType == "scratch");
        Assert.True(scratch.IsAnomalous);
        Assert.Equal(Path.Combine(category, "ground_truth", "scratch", "000_mask.png"), scratch.MaskPath);
        Assert.Equal(["hole", "scratch"], index.DefectTypes);
        Assert.Contains("3 train, 4 test (1 normal, hole 1, scratch 2)", index.ToString());
    }

    [Fact]
    public void Mvtec_root_plus_category_and_auto_detection_give_the_same_index()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        DatasetIndex direct = DatasetLayouts.OpenMvtec(category);

        foreach (DatasetIndex other in new[] { DatasetLayouts.OpenMvtec(temp.Path, "carpet"), DatasetLayouts.Open(temp.Path, "carpet"), DatasetLayouts.Open(category) })
        {
            Assert.Equal(direct.Root, other.Root);
            Assert.Equal(direct.Layout, other.Layout);
            Assert.Equal(direct.Train, other.Train);
            Assert.Equal(direct.Test, other.Test);
        }
    }

    [Fact]
    public void A_dataset_root_without_a_category_names_the_categories()
    {
        using var temp = new TempFolder();
        MakeMvtec(temp, "carpet");
        MakeMvtec(temp, "grid");

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(temp.Path));
        Assert.Equal(temp.Path, error.Path);
        Assert.Contains("carpet, grid", error.Message);
        Assert.Equal(["carpet", "grid"], DatasetLayouts.FindCategories(temp.Path));
    }

    [Fact]
    public void An_unknown_category_names_the_known_ones()
    {
        using var temp = new TempFolder();
        MakeMvtec(temp, "carpet");

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(temp.Path, "leather"));
        Assert.Equal(Path.Combine(temp.Path, "leather"), error.Path);
        Assert.Contains("category 'leather' not found", error.Reason);
        Assert.Contains("carpet", error.Reason);
    }

    [Fact]
    public void A_missing_folder_or_a_file_is_named_with_the_reason()
    {
        using var temp = new TempFolder();
        string missing = Path.Combine(temp.Path, "nowhere");
        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(missing));
        Assert.Equal(missing, error.Path);
        Assert.Contains("folder not found", error.Reason);

        string file = TestImages.Png(temp.File("image.png"), 4, 4, 1);
        error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(file));
        Assert.Contains("is a file, not a folder", error.Reason);
    }

    [Fact]
    public void An_unrecognised_layout_lists_what_was_expected_and_what_was_found()
    {
        using var temp = new TempFolder();
        temp.Folder("photos");
        temp.Folder("labels");

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(temp.Path));
        Assert.Contains("not a recognised dataset layout", error.Reason);
        Assert.Contains("labels, photos", error.Reason);
        Assert.Contains("train/good", error.Reason);
        Assert.Contains("train/ok", error.Reason);
        Assert.Contains("normal/", error.Reason);
    }

    [Fact]
    public void An_empty_training_folder_is_an_error_that_says_what_it_holds()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        string train = Path.Combine(category, "train", "good");
        foreach (string png in Directory.GetFiles(train, "*.png")) File.Delete(png);
        File.WriteAllText(Path.Combine(train, "scan.tif"), "");

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(train, error.Path);
        Assert.Contains("no images (PNG, JPEG or BMP) found", error.Reason);
        Assert.Contains("notes.txt, scan.tif", error.Reason);
    }

    [Fact]
    public void A_missing_test_folder_is_an_error()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        Directory.Delete(Path.Combine(category, "test"), recursive: true);
        Directory.Delete(Path.Combine(category, "ground_truth"), recursive: true);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(Path.Combine(category, "test"), error.Path);
    }

    [Fact]
    public void A_mask_without_an_image_is_an_error_naming_the_mask()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        string orphan = TestImages.Mask(Path.Combine(category, "ground_truth", "scratch", "007_mask.png"), 8, 8, (_, _) => true);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(orphan, error.Path);
        Assert.Contains("mask without an image", error.Reason);
        Assert.Contains("'007.<png|jpg|jpeg|bmp>'", error.Reason);
    }

    [Fact]
    public void A_mask_folder_for_a_defect_with_no_test_images_is_an_error()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        string orphan = TestImages.Mask(Path.Combine(category, "ground_truth", "crack", "000_mask.png"), 8, 8, (_, _) => true);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(orphan, error.Path);
    }

    [Fact]
    public void An_anomalous_image_without_a_mask_is_an_error_naming_the_expected_mask()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        string image = TestImages.Png(Path.Combine(category, "test", "scratch", "005.png"), 8, 8, 3);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(image, error.Path);
        Assert.Contains("anomalous image without a mask", error.Reason);
        Assert.Contains(Path.Combine(category, "ground_truth", "scratch", "005_mask.png"), error.Reason);
    }

    [Fact]
    public void An_mvtec_category_without_ground_truth_has_image_labels_only()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        Directory.Delete(Path.Combine(category, "ground_truth"), recursive: true);

        DatasetIndex index = DatasetLayouts.OpenMvtec(category);

        Assert.Equal(["good", "hole", "scratch", "scratch"], index.Test.Select(s => s.DefectType));
        Assert.Equal([false, true, true, true], index.Test.Select(s => s.IsAnomalous));
        Assert.All(index.Test, s => Assert.Null(s.MaskPath));
    }

    [Fact]
    public void Masks_for_only_some_defect_folders_are_accepted()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        Directory.Delete(Path.Combine(category, "ground_truth", "hole"), recursive: true);

        DatasetIndex index = DatasetLayouts.OpenMvtec(category);

        Assert.Null(index.Test.Single(s => s.DefectType == "hole").MaskPath);
        Assert.All(index.Test.Where(s => s.DefectType == "scratch"), s => Assert.NotNull(s.MaskPath));
    }

    [Fact]
    public void A_defect_folder_with_masks_still_needs_one_for_every_image()
    {
        // Label-only is per defect folder: one with masks but a gap is a mistake, not a choice.
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        Directory.Delete(Path.Combine(category, "ground_truth", "hole"), recursive: true);
        string image = TestImages.Png(Path.Combine(category, "test", "scratch", "009.png"), 8, 8, 3);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Equal(image, error.Path);
        Assert.Contains("anomalous image without a mask", error.Reason);
    }

    [Fact]
    public void Two_masks_for_one_image_are_an_error()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        TestImages.Mask(Path.Combine(category, "ground_truth", "hole", "000.png"), 8, 8, (_, _) => true);

        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenMvtec(category));
        Assert.Contains("ambiguous mask", error.Reason);
        Assert.Contains("000.png", error.Reason);
        Assert.Contains("000_mask.png", error.Reason);
    }

    [Fact]
    public void Masks_shipped_for_normal_test_images_are_attached()
    {
        using var temp = new TempFolder();
        string category = MakeMvtec(temp);
        string mask = TestImages.Mask(Path.Combine(category, "ground_truth", "good", "000_mask.png"), 8, 8, (_, _) => false);

        DatasetSample good = DatasetLayouts.OpenMvtec(category).Test.Single(s => s.DefectType == "good");
        Assert.Equal(mask, good.MaskPath);
        Assert.False(good.IsAnomalous);
    }

    /// <summary>BTAD category 01 style: .bmp images, .png masks with the image's stem.</summary>
    private static string MakeBtad(TempFolder temp)
    {
        string c = Path.Combine(temp.Path, "01");
        for (int i = 0; i < 4; i++) TestImages.Bmp(Path.Combine(c, "train", "ok", $"{i:D4}.bmp"), 8, 8, 3);
        TestImages.Bmp(Path.Combine(c, "test", "ok", "0000.bmp"), 8, 8, 3);
        TestImages.Bmp(Path.Combine(c, "test", "ko", "0001.bmp"), 8, 8, 3);
        TestImages.Bmp(Path.Combine(c, "test", "ko", "0002.bmp"), 8, 8, 3);
        TestImages.Mask(Path.Combine(c, "ground_truth", "ko", "0001.png"), 8, 8, (x, _) => x > 4);
        TestImages.Mask(Path.Combine(c, "ground_truth", "ko", "0002.png"), 8, 8, (x, _) => x > 4);
        return c;
    }

    [Fact]
    public void Btad_pairs_bmp_images_with_png_masks_of_the_same_stem()
    {
        using var temp = new TempFolder();
        string category = MakeBtad(temp);

        foreach (DatasetIndex index in new[] { DatasetLayouts.OpenBtad(category), DatasetLayouts.OpenBtad(temp.Path, "01"), DatasetLayouts.Open(temp.Path, "01") })
        {
            Assert.Equal(DatasetLayout.Btad, index.Layout);
            Assert.Equal(4, index.Train.Count);
            Assert.Equal(["ok", "ko", "ko"], index.Test.Select(s => s.DefectType));
            Assert.Equal([false, true, true], index.Test.Select(s => s.IsAnomalous));
            Assert.Equal(Path.Combine(category, "ground_truth", "ko", "0001.png"), index.Test[1].MaskPath);
            Assert.Null(index.Test[0].MaskPath);
        }
    }

    [Fact]
    public void Btad_errors_name_the_file_or_folder()
    {
        using var temp = new TempFolder();
        string category = MakeBtad(temp);
        File.Delete(Path.Combine(category, "ground_truth", "ko", "0002.png"));
        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenBtad(category));
        Assert.Equal(Path.Combine(category, "test", "ko", "0002.bmp"), error.Path);

        TestImages.Mask(Path.Combine(category, "ground_truth", "ko", "0002.png"), 8, 8, (_, _) => true);
        string unexpected = temp.Folder(Path.Combine("01", "test", "scratch"));
        error = Assert.Throws<DatasetException>(() => DatasetLayouts.OpenBtad(category));
        Assert.Equal(unexpected, error.Path);
        Assert.Contains("holds only ok and ko", error.Reason);
    }

    [Fact]
    public void A_btad_category_without_masks_has_image_labels_only()
    {
        using var temp = new TempFolder();
        string category = MakeBtad(temp);
        Directory.Delete(Path.Combine(category, "ground_truth"), recursive: true);

        DatasetIndex index = DatasetLayouts.OpenBtad(category);

        Assert.Equal([false, true, true], index.Test.Select(s => s.IsAnomalous));
        Assert.All(index.Test, s => Assert.Null(s.MaskPath));
    }

    /// <summary>normal/ (10), abnormal/ (3: a.png, b.jpg, c.bmp), masks/ with a_mask.png, b.png, c_mask.bmp.</summary>
    private static string MakeFolders(TempFolder temp)
    {
        for (int i = 0; i < 10; i++) TestImages.Png(temp.File($"set/normal/n{i}.png"), 8, 8, 3);
        TestImages.Png(temp.File("set/abnormal/a.png"), 8, 8, 3);
        TestImages.Jpeg(temp.File("set/abnormal/b.jpg"), 8, 8, 3);
        TestImages.Bmp(temp.File("set/abnormal/c.bmp"), 8, 8, 3);
        TestImages.Mask(temp.File("set/masks/a_mask.png"), 8, 8, (_, y) => y < 3);
        TestImages.Mask(temp.File("set/masks/b.png"), 8, 8, (_, y) => y < 3);
        TestImages.Bmp(temp.File("set/masks/c_mask.bmp"), 8, 8, 1, TestImages.Pixels(8, 8, 1, (_, y, _) => y < 3 ? 255 : 0));
        return Path.Combine(temp.Path, "set");
    }

    [Fact]
    public void Plain_folders_match_masks_by_stem_and_hold_out_normal_test_images()
    {
        using var temp = new TempFolder();
        string set = MakeFolders(temp);

        DatasetIndex index = DatasetLayouts.OpenFolders(Path.Combine(set, "normal"), Path.Combine(set, "abnormal"), Path.Combine(set, "masks"), seed: 5);

        Assert.Equal(DatasetLayout.Folders, index.Layout);
        Assert.Equal(8, index.Train.Count);
        Assert.Equal(2, index.Test.Count(s => !s.IsAnomalous));
        Assert.Empty(index.Train.Select(s => s.ImagePath).Intersect(index.Test.Select(s => s.ImagePath)));
        Assert.Equal(["a_mask.png", "b.png", "c_mask.bmp"], index.Test.Where(s => s.IsAnomalous).Select(s => Path.GetFileName(s.MaskPath!)));
        Assert.All(index.Test.Where(s => s.IsAnomalous), s => Assert.Equal("abnormal", s.DefectType));

        DatasetIndex again = DatasetLayouts.OpenFolders(Path.Combine(set, "normal"), Path.Combine(set, "abnormal"), Path.Combine(set, "masks"), seed: 5);
        Assert.Equal(index.Test, again.Test);

        DatasetIndex detected = DatasetLayouts.Open(set);
        Assert.Equal(DatasetLayout.Folders, detected.Layout);
        // Named after the dataset folder that holds normal/ and abnormal/, not after normal/.
        Assert.Equal("set", detected.Name);
        Assert.Equal(3, detected.Test.Count(s => s.MaskPath is not null));
    }

    [Fact]
    public void Plain_folders_without_masks_or_with_a_normal_test_folder()
    {
        using var temp = new TempFolder();
        string set = MakeFolders(temp);
        for (int i = 0; i < 3; i++) TestImages.Png(temp.File($"set/normal_test/t{i}.png"), 8, 8, 3);

        DatasetIndex index = DatasetLayouts.OpenFolders(Path.Combine(set, "normal"), Path.Combine(set, "abnormal"),
                                                        normalTestFolder: Path.Combine(set, "normal_test"));
        Assert.Equal(10, index.Train.Count);
        Assert.Equal(["t0.png", "t1.png", "t2.png"], index.Test.Where(s => !s.IsAnomalous).Select(s => Path.GetFileName(s.ImagePath)));
        Assert.All(index.Test, s => Assert.Null(s.MaskPath));
    }

    [Fact]
    public void Plain_folders_report_orphan_masks_and_missing_masks()
    {
        using var temp = new TempFolder();
        string set = MakeFolders(temp);
        string orphan = TestImages.Mask(temp.File("set/masks/zz_mask.png"), 8, 8, (_, _) => true);
        var error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(set));
        Assert.Equal(orphan, error.Path);

        File.Delete(orphan);
        File.Delete(Path.Combine(set, "masks", "b.png"));
        error = Assert.Throws<DatasetException>(() => DatasetLayouts.Open(set));
        Assert.Equal(Path.Combine(set, "abnormal", "b.jpg"), error.Path);
    }
}
