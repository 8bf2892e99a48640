namespace DistillDsl.Spec.Tests;

/// <summary>One broken config and the single diagnostic it must produce.</summary>
/// <param name="Yaml">The config text.</param>
/// <param name="At">Text whose first occurrence in <paramref name="Yaml"/> is where the diagnostic must point.</param>
/// <param name="MessageParts">Fragments the message must contain (the key, what was expected, the offending value).</param>
public sealed record DiagnosticCase(string Id, string Yaml, string At, params string[] MessageParts);
