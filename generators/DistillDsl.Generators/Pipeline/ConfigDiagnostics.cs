using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>Diagnostics of one config file, with the file's text to locate them in.</summary>
    public sealed record ConfigDiagnostics(string Text, EquatableArray<DistillDiagnostic> Diagnostics)
    {
        public static ConfigDiagnostics None { get; } = new ConfigDiagnostics("", EquatableArray<DistillDiagnostic>.Empty);
    }
}
