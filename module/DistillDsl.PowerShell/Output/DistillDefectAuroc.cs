namespace DistillDsl.PowerShell.Output;

/// <summary>Image AUROC of one defect type's test images against all normal test images.</summary>
public sealed record DistillDefectAuroc(string DefectType, int ImageCount, double? ImageAuroc)
{
    public override string ToString() => $"{DefectType}={(ImageAuroc is double auroc ? auroc.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}";
}
