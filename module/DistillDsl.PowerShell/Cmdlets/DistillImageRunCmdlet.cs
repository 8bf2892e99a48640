using System.Management.Automation;
using DistillDsl.Data;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;
using DistillDsl.Reports;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>What one unreadable image among many does (-BadImage).</summary>
public enum DistillBadImage
{
    /// <summary>A terminating DistillDsl.ImageUnreadable naming the file and the reason (default: bad data is noticed).</summary>
    Stop,

    /// <summary>The image is left out, a non-terminating DistillDsl.ImageUnreadable names it, and the run goes on; the result
    /// counts and lists what was left out.</summary>
    Skip,
}

/// <summary>The cmdlets that read many images (training, evaluation, inference) share one policy for an unreadable image:
/// the -BadImage parameter, declared here once, and the error records it gives.</summary>
public abstract class DistillImageRunCmdlet : DistillRunCmdlet
{
    /// <summary>Stop (default): the first unreadable image stops the cmdlet, naming it. Skip: each is reported and left out.</summary>
    [Parameter]
    public DistillBadImage BadImage { get; set; } = DistillBadImage.Stop;

    /// <summary>The engine's policy for <see cref="BadImage"/>.</summary>
    protected BadSamplePolicy BadImagePolicy => BadImage == DistillBadImage.Skip ? BadSamplePolicy.SkipAndReport : BadSamplePolicy.Stop;

    /// <summary>The non-terminating record for an image left out under -BadImage Skip.</summary>
    /// <param name="what">What it was left out of, e.g. "Test image '...' was left out of the metrics".</param>
    protected static ErrorRecord SkippedImageError(SkippedImage skipped, string what) =>
        DistillErrors.Create(DistillErrorIds.ImageUnreadable, ErrorCategory.ReadError,
            skipped.FileAtFault == skipped.ImagePath
                ? $"{what}: {skipped.Reason}"
                : $"{what}: '{skipped.FileAtFault}': {skipped.Reason}",
            skipped.FileAtFault);

    /// <summary>Stops the cmdlet with DistillDsl.ImageUnreadable for an image that cannot be read under -BadImage Stop.</summary>
    protected Exception ImageUnreadable(DatasetException error) =>
        Terminate(DistillErrors.Create(DistillErrorIds.ImageUnreadable, ErrorCategory.ReadError,
            $"{error.Message} (-BadImage Stop; -BadImage Skip leaves such images out and reports each)", error.Path, error));

    /// <summary>The output records of the images left out at one stage.</summary>
    protected static DistillSkippedImage[] Describe(IEnumerable<SkippedImage> skipped, string stage) =>
        skipped.Select(s => new DistillSkippedImage(s.ImagePath, s.FileAtFault, s.Reason, stage)).ToArray();
}
