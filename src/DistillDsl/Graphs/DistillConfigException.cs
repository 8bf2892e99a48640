using DistillDsl.Spec.Diagnostics;

namespace DistillDsl.Graphs;

/// <summary>A config file that cannot be used: missing, unreadable, or with errors. The message lists every diagnostic in
/// the compiler's form (<c>path(line,col): error DDxxxx: ...</c>), exactly as a build of the same YAML would print them.</summary>
public sealed class DistillConfigException(string path, IReadOnlyList<DistillDiagnostic> diagnostics, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string ConfigPath { get; } = path;

    /// <summary>The parser's and validator's diagnostics; empty when the file could not be read at all.</summary>
    public IReadOnlyList<DistillDiagnostic> Diagnostics { get; } = diagnostics;
}
