namespace DistillDsl.PowerShell.Errors;

/// <summary>The stable FullyQualifiedErrorId prefixes of the module's error records; scripts may match on them
/// (<c>$_.FullyQualifiedErrorId -like 'DistillDsl.ConfigInvalid*'</c>), so they never change meaning.</summary>
public static class DistillErrorIds
{
    /// <summary>A config name that is neither compiled in nor an existing YAML file.</summary>
    public const string ConfigNotFound = "DistillDsl.ConfigNotFound";

    /// <summary>A YAML config with errors; the message lists each diagnostic with file, line and column.</summary>
    public const string ConfigInvalid = "DistillDsl.ConfigInvalid";

    public const string BackboneNotFound = "DistillDsl.BackboneNotFound";

    /// <summary>A dataset folder that is missing, empty, or in no known layout; a category that is not there.</summary>
    public const string DatasetInvalid = "DistillDsl.DatasetInvalid";

    /// <summary>One image that cannot be read or decoded (non-terminating in pipelines).</summary>
    public const string ImageUnreadable = "DistillDsl.ImageUnreadable";

    public const string CheckpointInvalid = "DistillDsl.CheckpointInvalid";

    /// <summary>Teacher weights that cannot be found or loaded (e.g. EfficientNet-b0 ImageNet weights not in the torch cache).</summary>
    public const string WeightsUnavailable = "DistillDsl.WeightsUnavailable";

    /// <summary>A device that does not exist or is not supported by the installed LibTorch backend.</summary>
    public const string DeviceUnavailable = "DistillDsl.DeviceUnavailable";

    /// <summary>An output folder or file that cannot be written.</summary>
    public const string OutputNotWritable = "DistillDsl.OutputNotWritable";

    /// <summary>Training ended without a usable result (the loss became NaN or infinite).</summary>
    public const string TrainingFailed = "DistillDsl.TrainingFailed";

    /// <summary>A folder given to Get-DistillRun that holds no training run, or whose run files are damaged.</summary>
    public const string RunNotFound = "DistillDsl.RunNotFound";

    /// <summary>A parameter value that is out of range or inconsistent with another parameter.</summary>
    public const string InvalidArgument = "DistillDsl.InvalidArgument";

    /// <summary>A checkpoint whose graph has a module or option the ONNX exporter cannot write.</summary>
    public const string ExportNotSupported = "DistillDsl.ExportNotSupported";

    /// <summary>A sweep description or sweep folder that cannot be used (the message names the file and the reason).</summary>
    public const string SweepInvalid = "DistillDsl.SweepInvalid";

    /// <summary>A sweep root that already holds another sweep (a different description hash).</summary>
    public const string SweepConflict = "DistillDsl.SweepConflict";

    /// <summary>One cell of a sweep that ended without a result (non-terminating: the other cells go on).</summary>
    public const string SweepCellFailed = "DistillDsl.SweepCellFailed";

    /// <summary>Slurm's commands are missing or the cluster refused a request.</summary>
    public const string SlurmUnavailable = "DistillDsl.SlurmUnavailable";
}
