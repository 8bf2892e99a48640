using System.Globalization;
using System.Management.Automation;
using DistillDsl.Timing;

namespace DistillDsl.PowerShell.Progress;

/// <summary>Shows a sweep's progress as a PowerShell progress bar. Report runs on the caller's thread, which for a sweep is
/// the pipeline thread (the sweep is enumerated there), the only thread allowed to call WriteProgress.</summary>
internal sealed class TimingProgressBar(Cmdlet cmdlet) : IProgress<TimingProgress>
{
    private const int ActivityId = ProgressIds.Timing;
    private const string Activity = "Measure-DistillInference";

    public void Report(TimingProgress value)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"{value.Config} on {value.Device} at {value.ImageSize} px");
        string status = value.Phase == TimingPhase.BuildingGraph
            ? $"building {where}"
            : string.Create(CultureInfo.InvariantCulture, $"{where}, {value.Threads} thread(s), batch {value.BatchSize}");
        cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity,
            string.Create(CultureInfo.InvariantCulture, $"point {value.Point + 1} of {value.PointCount}: {status}"))
        {
            PercentComplete = Math.Clamp(100 * value.Point / Math.Max(1, value.PointCount), 0, 100),
        });
    }

    public void Complete() =>
        cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity, "done") { RecordType = ProgressRecordType.Completed });
}
