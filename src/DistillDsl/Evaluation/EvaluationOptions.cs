using DistillDsl.Data;

namespace DistillDsl.Evaluation;

/// <summary>How <see cref="GraphEvaluator"/> runs and what it writes.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Test images per forward pass. Scores do not depend on it: in eval mode images do not influence each other.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; must be where the graph was built (<see cref="Graphs.GraphBuildOptions.Device"/>).
    /// Null: the graph's device.</summary>
    public string? Device { get; init; }

    /// <summary>Where the report (scores.csv, report.json, summary.md, plots/, heatmaps/) is written; nothing is written when null.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Write one heat-map overlay per test image under <c>heatmaps/</c> of <see cref="OutputDirectory"/>.</summary>
    public bool WriteHeatmaps { get; init; } = true;

    /// <summary>Draw the overlays at each image's original size: the map resized back bilinearly, over the original image and
    /// mask. Otherwise they are drawn at the graph's input size, over the image as the network saw it. Metrics are always
    /// computed at the input size.</summary>
    public bool MapsAtOriginalSize { get; init; }

    /// <summary>What an unreadable test image does: <see cref="BadSamplePolicy.Stop"/> throws its <see cref="DatasetException"/>;
    /// <see cref="BadSamplePolicy.SkipAndReport"/> leaves it out of the metrics and lists it in
    /// <see cref="Reports.EvaluationReport.Skipped"/> (and in report.json and summary.md).</summary>
    public BadSamplePolicy BadImages { get; init; } = BadSamplePolicy.Stop;
}
