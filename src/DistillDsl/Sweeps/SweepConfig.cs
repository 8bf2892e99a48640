namespace DistillDsl.Sweeps;

/// <summary>One config of a sweep: a compiled config's name, or a YAML file (full path) with the SHA-256 of its text, so
/// that a changed file makes a different sweep (see <see cref="SweepDescription.Hash"/>).</summary>
/// <param name="NameOrPath">What Invoke-DistillTraining gets as -Config.</param>
/// <param name="Label">The config's part of a cell name: the compiled name, or the file name without extension.</param>
/// <param name="Sha256">The file's hash; null for a compiled config.</param>
public sealed record SweepConfig(string NameOrPath, string Label, string? Sha256);
