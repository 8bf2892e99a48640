using DistillDsl.Spec.Parsing;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>A config file after parsing and validation.</summary>
    /// <param name="Text">The file's text as read (diagnostic locations are computed on it).</param>
    /// <param name="Yaml">The text with \n line endings: what was parsed and what the generated class embeds.</param>
    public sealed record ParsedConfig(string Path, string Text, string Yaml, ParseResult Result);
}
