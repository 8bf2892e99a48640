using DistillDsl.Spec.Model;

namespace DistillDsl.PowerShell.Output;

/// <summary>A config as Get-DistillConfig shows it: compiled in (Source 'compiled') or read from a YAML file (Source = the path).</summary>
/// <param name="Spec">The whole validated spec, for scripts that need more than the summary.</param>
public sealed record DistillConfigInfo(string Name, string Source, string? Description, int InputHeight, int InputWidth,
    DistillConfigTeacher[] Teachers, long TeacherParameters, long StudentParameters, string Optimizer, int Epochs, int BatchSize,
    DistillSpec Spec)
{
    public const string CompiledSource = "compiled";

    public string InputSize => $"{InputHeight}x{InputWidth}";

    /// <summary>Teachers in one line for tables.</summary>
    public string TeacherSummary => string.Join("; ", Teachers.Select(t => t.ToString()));
}
