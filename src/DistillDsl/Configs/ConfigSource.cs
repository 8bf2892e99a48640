using System.Security.Cryptography;
using System.Text;
using DistillDsl.Graphs;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.Configs;

/// <summary>One config as it travels from where a user names it to the graph and the checkpoint: its text, the text's
/// hash, and its validated spec, read and parsed once. A compiled config (by name) or a YAML file (by path) is resolved
/// here and nowhere else; graphs built from a source keep it (<see cref="DistillGraph.Source"/>), and checkpoints store
/// its text and hash.</summary>
public sealed class ConfigSource
{
    private ConfigSource(string filePath, string text, DistillSpec spec, IReadOnlyList<DistillDiagnostic> diagnostics, bool isCompiled)
    {
        FilePath = filePath;
        Text = text;
        Sha256 = HashOf(text);
        Spec = spec;
        Diagnostics = diagnostics;
        IsCompiled = isCompiled;
    }

    /// <summary>The config's <c>name:</c>.</summary>
    public string Name => Spec.Name;

    /// <summary>The path the text was parsed under, which the spec's source spans name: a file's full path, or a compiled
    /// config's file name (e.g. <c>stpm.yaml</c>).</summary>
    public string FilePath { get; }

    /// <summary>The YAML text as read (a compiled config's with \n line endings).</summary>
    public string Text { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="Text"/> with \n line endings: a compiled config's <c>ConfigSha256</c>,
    /// so a compiled config and its file hash alike on every platform.</summary>
    public string Sha256 { get; }

    /// <summary>The validated spec at the config's own input size.</summary>
    public DistillSpec Spec { get; }

    /// <summary>The warnings of a valid config (errors make it fail to load).</summary>
    public IReadOnlyList<DistillDiagnostic> Diagnostics { get; }

    /// <summary>Whether it is a config compiled into this assembly; its graphs are then its generated class.</summary>
    public bool IsCompiled { get; }

    /// <summary>What a file's relative <c>weights: { file: ... }</c> paths resolve against: its folder; null for a compiled config.</summary>
    public string? Folder => IsCompiled ? null : Path.GetDirectoryName(FilePath);

    /// <summary>Whether <paramref name="nameOrPath"/> names a compiled config rather than a file.</summary>
    public static bool IsCompiledName(string nameOrPath) => CompiledConfigs.Names.Contains(nameOrPath, StringComparer.Ordinal);

    /// <summary>A compiled config by name (see <see cref="CompiledConfigs.Names"/>), or a YAML file by path.</summary>
    /// <param name="resolvePath">How a relative path is made absolute (PowerShell resolves against its own location);
    /// <see cref="Path.GetFullPath(string)"/> when null.</param>
    /// <exception cref="DistillConfigException">Neither a compiled config nor a readable, valid YAML file (every error listed).</exception>
    public static ConfigSource Resolve(string nameOrPath, Func<string, string>? resolvePath = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (IsCompiledName(nameOrPath)) return CompiledConfigs.Source(nameOrPath);
        string path = (resolvePath ?? Path.GetFullPath)(nameOrPath);
        // A bare word that is no file is a mistyped config name far more often than a file without an extension.
        if (!LooksLikePath(nameOrPath) && !File.Exists(path) && !Directory.Exists(path))
        {
            throw new DistillConfigException(nameOrPath, [],
                $"'{nameOrPath}' is neither a compiled config ({string.Join(", ", CompiledConfigs.Names)}) nor a .yaml file.");
        }
        return FromFile(path);
    }

    /// <summary>A YAML file, parsed under its full path.</summary>
    /// <exception cref="DistillConfigException">The file is missing, unreadable, a folder, or has errors (all of them listed).</exception>
    public static ConfigSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        return Parse(fullPath, ReadText(fullPath), isCompiled: false);
    }

    /// <summary>Parses and validates a YAML file without throwing on config errors (for tools that list diagnostics).</summary>
    /// <exception cref="DistillConfigException">The file is missing or unreadable.</exception>
    public static ParseResult Check(string path) => DistillConfigParser.Parse(path, ReadText(path));

    /// <summary>A config's text as a checkpoint stores it, under the path it was parsed under then. The text of a compiled
    /// config, stored under its file name, is that compiled config again (so its graph is the generated class).</summary>
    /// <exception cref="DistillConfigException">The text has errors in this build.</exception>
    public static ConfigSource FromText(string text, string filePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filePath);
        string hash = HashOf(text);
        // The hash first: it needs only the compiled text, where Source parses the config on first use.
        string? compiled = CompiledConfigs.Names.FirstOrDefault(name => HashOf(CompiledConfigs.Yaml(name)) == hash
                                                                        && CompiledConfigs.Source(name).FilePath == filePath);
        return compiled is not null ? CompiledConfigs.Source(compiled) : Parse(filePath, text, isCompiled: false);
    }

    /// <summary>For generated graph classes: their embedded text, which was valid when the generator read it.</summary>
    /// <exception cref="InvalidOperationException">The text no longer parses (the spec library changed under the assembly).</exception>
    public static ConfigSource FromEmbedded(string fileName, string yaml)
    {
        try
        {
            return Parse(fileName, yaml, isCompiled: true);
        }
        catch (DistillConfigException e)
        {
            throw new InvalidOperationException($"The compiled-in config {fileName} no longer parses: {e.Message}", e);
        }
    }

    /// <summary>Lowercase hex SHA-256 of the text's UTF-8 bytes with \n line endings.</summary>
    public static string HashOf(string text)
    {
        string normalized = text.Replace("\r\n", "\n").Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The spec at a square input of <paramref name="imageSize"/> pixels (see <see cref="SpecRescaling"/>); its own
    /// spec when null or already that size.</summary>
    /// <exception cref="ArgumentException">The config does not work at that size (the reason named).</exception>
    public DistillSpec SpecAt(int? imageSize) => imageSize is int size ? SpecRescaling.AtImageSize(Spec, size) : Spec;

    /// <summary>The graph of this config at <paramref name="imageSize"/> (its own size when null): the generated class of a
    /// compiled config, a <see cref="DistillGraph"/> otherwise. A file's relative weight paths resolve against its folder
    /// unless the options name a base directory.</summary>
    public DistillGraph BuildGraph(int? imageSize = null, GraphBuildOptions? options = null) =>
        IsCompiled ? CompiledConfigs.Create(Name, imageSize, options) : new DistillGraph(this, imageSize, options);

    /// <summary>Whether <paramref name="text"/>, parsed under the spec's file path and brought to the spec's input size, is
    /// <paramref name="spec"/> (record for record, spans included): the test a checkpoint's students pass before they are
    /// loaded into a graph, so that a checkpoint never fits a graph of an edited config.</summary>
    public static bool Describes(string text, DistillSpec spec)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spec);
        DistillSpec? parsed = DistillConfigParser.Parse(spec.Span.FilePath, text).Spec;
        if (parsed is null) return false;
        if (spec.Input.Height != spec.Input.Width || parsed.Input == spec.Input) return parsed == spec;
        try
        {
            return SpecRescaling.AtImageSize(parsed, spec.Input.Height) == spec;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public override string ToString() => IsCompiled ? $"compiled config '{Name}'" : $"config '{Name}' ({FilePath})";

    private static ConfigSource Parse(string filePath, string text, bool isCompiled)
    {
        ParseResult result = DistillConfigParser.Parse(filePath, text);
        if (result.Spec is null)
        {
            var errors = result.Diagnostics.Where(d => d.IsError).ToList();
            throw new DistillConfigException(filePath, result.Diagnostics.ToList(),
                $"Config '{filePath}' has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
        return new ConfigSource(filePath, text, result.Spec, result.Diagnostics.ToList(), isCompiled);
    }

    private static bool LooksLikePath(string text) =>
        text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || text.Contains(Path.DirectorySeparatorChar) || text.Contains('/');

    private static string ReadText(string path)
    {
        // Reading a folder fails with "Access to the path is denied", which sends people after permissions.
        if (Directory.Exists(path)) throw new DistillConfigException(path, [], $"Config '{path}' cannot be read: it is a folder, not a YAML file.");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message;
            throw new DistillConfigException(path, [], $"Config '{path}' cannot be read: {reason}.", e);
        }
    }
}
