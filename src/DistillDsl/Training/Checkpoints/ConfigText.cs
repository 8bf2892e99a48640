using System.Security.Cryptography;
using System.Text;
using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.Training.Checkpoints;

/// <summary>The YAML text a graph was built from, which a checkpoint stores so that it can rebuild the graph.</summary>
/// <remarks>A <see cref="DistillGraph"/> keeps its parsed spec, not its text, so the text is found again: the file its spec
/// was parsed from (the path in the spec's source spans), then the compiled config of the same name. A candidate counts
/// only if it <see cref="Describes"/> the graph: parsed under the same path and rescaled to the graph's input size, it
/// gives a spec equal to the graph's, record for record (spans included). So an edited file, or a spec built in code,
/// is never mistaken for the graph's config.</remarks>
/// <param name="FilePath">The path the spec was parsed under (its spans' file), kept so that a rebuilt spec is equal to it.</param>
internal sealed record ConfigText(string Name, string Yaml, string Sha256, string FilePath)
{
    public static ConfigText Of(DistillGraph graph)
    {
        DistillSpec spec = graph.Spec;
        string path = spec.Span.FilePath;
        var looked = new List<string>();

        if (File.Exists(path))
        {
            string text = File.ReadAllText(path);
            if (Describes(text, spec)) return new ConfigText(spec.Name, text, HashOf(text), path);
            looked.Add($"the file {path} (it no longer matches the graph: edited since?)");
        }
        else
        {
            looked.Add($"the file {path} (not found)");
        }
        if (CompiledConfigs.Names.Contains(spec.Name, StringComparer.Ordinal))
        {
            string text = CompiledConfigs.Yaml(spec.Name);
            if (Describes(text, spec)) return new ConfigText(spec.Name, text, HashOf(text), path);
            looked.Add($"the compiled config '{spec.Name}' (a different version)");
        }
        throw new InvalidOperationException(
            $"The YAML text of config '{spec.Name}' cannot be found, and a checkpoint must store it. Looked at: {string.Join("; ", looked)}. " +
            "Build the graph from a compiled config or a YAML file (DistillConfigFile.Build, DistillGraphFactory.Build).");
    }

    /// <summary>Lowercase hex SHA-256 of the text's UTF-8 bytes with \n line endings: the generator's <c>ConfigSha256</c>,
    /// so a compiled config and its file on any platform hash alike.</summary>
    public static string HashOf(string yaml)
    {
        string normalized = yaml.Replace("\r\n", "\n").Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The spec of <paramref name="yaml"/> parsed under <paramref name="filePath"/> at <paramref name="imageSize"/>.</summary>
    /// <exception cref="InvalidOperationException">The text has errors or does not work at that size.</exception>
    public static DistillSpec SpecAt(string yaml, string filePath, int imageSize)
    {
        ParseResult result = DistillConfigParser.Parse(filePath, yaml);
        if (result.Spec is null)
        {
            throw new InvalidOperationException($"The config text has errors:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.IsError))}");
        }
        try
        {
            return DistillGraphFactory.AtImageSize(result.Spec, imageSize);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Whether <paramref name="yaml"/>, parsed under the spec's file path and brought to the spec's input size, is that spec.</summary>
    public static bool Describes(string yaml, DistillSpec spec)
    {
        if (spec.Input.Height != spec.Input.Width) return Parse(yaml, spec) == spec;
        try
        {
            return SpecAt(yaml, spec.Span.FilePath, spec.Input.Height) == spec;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static DistillSpec? Parse(string yaml, DistillSpec spec) => DistillConfigParser.Parse(spec.Span.FilePath, yaml).Spec;
}
