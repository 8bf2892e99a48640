using DistillDsl.Reports;

namespace DistillDsl.Evaluation;

/// <summary>The evaluation was computed but its report or heat maps could not be written (a read-only or full folder, a
/// path under a file). It carries the <see cref="Report"/>, so the metrics are not lost with the files; the files this
/// evaluation had written are removed again, so the folder holds no report rather than part of one.</summary>
public sealed class ReportNotWrittenException(EvaluationReport report, string folder, Exception inner)
    : IOException($"The evaluation report could not be written to '{folder}': {inner.Message}", inner)
{
    /// <summary>The computed evaluation: metrics, scores and skipped images, as if the files had been written.</summary>
    public EvaluationReport Report { get; } = report;

    /// <summary>The report folder that could not be written.</summary>
    public string Folder { get; } = folder;
}
