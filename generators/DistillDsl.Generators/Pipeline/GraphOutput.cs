using DistillDsl.Generators.Emit;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>What one valid config contributes: its graph class, or (when its name is taken) a diagnostic instead.</summary>
    public sealed record GraphOutput(GeneratedSource? Source, ConfigDiagnostics Diagnostics);
}
