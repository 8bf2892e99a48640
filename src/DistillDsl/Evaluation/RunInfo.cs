using DistillDsl.Graphs;
using DistillDsl.Metrics;

namespace DistillDsl.Evaluation;

/// <summary>What a report states about the run that the graph itself does not know. Every field is optional.</summary>
public sealed record RunInfo
{
    /// <summary>The hash of the config's text (a checkpoint's <c>ConfigSha256</c>); "unknown" when null.</summary>
    public string? ConfigHash { get; init; }

    /// <summary>Where the teacher weights came from; described from the graph's spec and build options when null.</summary>
    public string? WeightsSource { get; init; }

    /// <summary>The training seed; the graph's build seed when null.</summary>
    public int? Seed { get; init; }

    /// <summary>How long training took; null when a saved model is evaluated.</summary>
    public double? TrainingSeconds { get; init; }

    /// <summary>The threshold for new images (chosen on normal validation scores), on the raw score scale.</summary>
    public AnomalyThreshold? Threshold { get; init; }

    /// <summary>Per teacher, where its weights come from, e.g. "resnet: imagenet; efficientnet: random (random_teacher_weights)".</summary>
    public static string DescribeWeights(DistillGraph graph) => string.Join("; ", graph.Spec.Teachers.Select(teacher =>
    {
        string source = teacher.Weights.Source switch
        {
            Spec.Model.WeightsSource.ImageNet => "imagenet",
            Spec.Model.WeightsSource.Random => "random",
            _ => $"file {teacher.Weights.FilePath}",
        };
        bool replaced = graph.Options.RandomTeacherWeights && teacher.Weights.Source != Spec.Model.WeightsSource.Random;
        return $"{teacher.Name}: {source}{(replaced ? " replaced by seeded random weights (RandomTeacherWeights)" : "")}";
    }));
}
