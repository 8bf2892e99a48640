namespace DistillDsl.Training;

/// <summary>A training that cannot start as asked: settings that do not fit the graph, samples the run cannot use, or an
/// output folder that holds a run (or lacks the one to resume). The message says which and what to do. It is an
/// <see cref="ArgumentException"/>, so callers that refuse bad arguments in general still catch it; callers that report
/// bad input (the module) catch this type alone, so that a bug elsewhere is not reported as a bad setting.</summary>
public sealed class TrainingRefusedException(string message, string? paramName = null)
    : ArgumentException(message, paramName);
