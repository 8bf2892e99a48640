using System.Management.Automation;
using DistillDsl.Data;
using DistillDsl.Data.Synthetic;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.PowerShell.Progress;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>New-DistillSyntheticDataset: writes procedural texture categories (fabric, grid, wood, leather, tile) with
/// painted defects and exact masks in the MVTec AD layout, so that training and evaluation can run without a download.</summary>
[Cmdlet(VerbsCommon.New, "DistillSyntheticDataset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DistillSyntheticCategory))]
public sealed class NewDistillSyntheticDatasetCommand : DistillCmdlet
{
    /// <summary>The dataset root; one category folder per family is written under it.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Texture families, one category each; all five when omitted.</summary>
    [Parameter]
    [ValidateSet("fabric", "grid", "wood", "leather", "tile")]
    public string[]? Family { get; set; }

    /// <summary>Defect kinds of the test images; scratch, hole, stain, missing_thread and color_spot when omitted.</summary>
    [Parameter]
    [ValidateSet("scratch", "hole", "stain", "missing_thread", "color_spot", "crack", "shading")]
    public string[]? Defect { get; set; }

    [Parameter]
    [ValidateRange(32, 4096)]
    public int ImageSize { get; set; } = 256;

    /// <summary>Defect-free images in train/good per category.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int TrainCount { get; set; } = 60;

    /// <summary>Defect-free images in test/good per category.</summary>
    [Parameter]
    [ValidateRange(0, 100_000)]
    public int TestGoodCount { get; set; } = 10;

    /// <summary>Images in each test/&lt;defect&gt; folder.</summary>
    [Parameter]
    [ValidateRange(0, 100_000)]
    public int TestDefectCount { get; set; } = 4;

    /// <summary>The same seed and settings write byte-identical files.</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Replace category folders that already hold files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output one object per category written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string root = ResolveFileSystemPath(Path);
        TextureFamily[] families = Family is null ? Enum.GetValues<TextureFamily>() : Family.Distinct(StringComparer.OrdinalIgnoreCase).Select(ParseFamily).ToArray();
        DefectKind[] defects = Defect is null ? [.. SyntheticDatasetOptions.DefaultDefects] : Defect.Distinct(StringComparer.OrdinalIgnoreCase).Select(ParseDefect).ToArray();
        int imagesPerCategory = TrainCount + TestGoodCount + defects.Length * TestDefectCount;

        for (int i = 0; i < families.Length; i++)
        {
            TextureFamily family = families[i];
            string folder = System.IO.Path.Combine(root, family.FolderName());
            if (!ShouldProcess(folder, $"Write {imagesPerCategory} synthetic {ImageSize}×{ImageSize} '{family.FolderName()}' images (MVTec AD layout)")) continue;
            if (!Force && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.ResourceExists,
                    $"'{folder}' already exists and is not empty; use -Force to replace it, or choose another -Path.", folder);
            }

            WriteProgress(new ProgressRecord(ProgressIds.SyntheticDataset, "New-DistillSyntheticDataset", $"{family.FolderName()}: {imagesPerCategory} images")
            {
                PercentComplete = 100 * i / families.Length,
            });
            try
            {
                SyntheticTextureGenerator.WriteMvtecLayout(root, new SyntheticDatasetOptions
                {
                    Families = [family],
                    Defects = defects,
                    ImageSize = ImageSize,
                    TrainCount = TrainCount,
                    TestGoodCount = TestGoodCount,
                    TestCountPerDefect = TestDefectCount,
                    Seed = Seed,
                    Overwrite = Force,
                });
            }
            catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException)
            {
                throw Terminate(e, folder);
            }
            if (PassThru) WriteObject(Describe(folder));
        }
        WriteProgress(new ProgressRecord(ProgressIds.SyntheticDataset, "New-DistillSyntheticDataset", "done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>Counts what is on disk, through the same reader training uses.</summary>
    private DistillSyntheticCategory Describe(string folder)
    {
        DatasetIndex index = DatasetLayouts.OpenMvtec(folder);
        return new DistillSyntheticCategory(index.Name, index.Root, ImageSize, Seed, index.Train.Count,
            index.Test.Count(s => !s.IsAnomalous), index.Test.Count(s => s.IsAnomalous), string.Join(", ", index.DefectTypes));
    }

    private static TextureFamily ParseFamily(string name) =>
        Enum.GetValues<TextureFamily>().Single(f => f.FolderName().Equals(name, StringComparison.OrdinalIgnoreCase));

    private static DefectKind ParseDefect(string name) =>
        Enum.GetValues<DefectKind>().Single(d => d.FolderName().Equals(name, StringComparison.OrdinalIgnoreCase));
}
