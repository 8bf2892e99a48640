namespace DistillDsl.PowerShell.Output;

/// <summary>One diagnostic of a YAML config, as the source generator would report it at build time (same ID, message and
/// position; lines and columns are 1-based).</summary>
public sealed record DistillConfigDiagnostic(string Id, string Severity, string Message, string File, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>The compiler's form: <c>file(line,col): error DD0002: message</c>.</summary>
    public override string ToString() => $"{File}({Line},{Column}): {Severity.ToLowerInvariant()} {Id}: {Message}";
}
