using DistillDsl.Configs;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Model;

namespace DistillDsl.Graphs;

/// <summary>Configs at run time: a YAML file that was not compiled in goes through the same parser and validator as the
/// source generator, so an experimenter can try an edited config without rebuilding and gets the identical diagnostics.</summary>
public static class DistillConfigFile
{
    /// <summary>Parses and validates a YAML file without throwing on config errors (for tools that list diagnostics).</summary>
    /// <exception cref="DistillConfigException">The file is missing or unreadable.</exception>
    public static ParseResult Check(string path) => DistillConfigParser.Parse(path, ReadText(path));

    /// <summary>The spec of a valid YAML file.</summary>
    /// <exception cref="DistillConfigException">The file is missing, unreadable, or has errors (all of them listed).</exception>
    public static DistillSpec Load(string path)
    {
        ParseResult result = Check(path);
        if (result.Spec is not null) return result.Spec;
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        throw new DistillConfigException(path, result.Diagnostics.ToList(),
            $"Config '{path}' has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    /// <summary>A graph from a compiled config's name (see <see cref="CompiledConfigs.Names"/>) or from a YAML file's path;
    /// a file's relative weight paths resolve against its folder unless the options say otherwise.</summary>
    public static DistillGraph Build(string nameOrPath, GraphBuildOptions? options = null)
    {
        if (CompiledConfigs.Names.Contains(nameOrPath, StringComparer.Ordinal))
        {
            return CompiledConfigs.Create(nameOrPath, options);
        }
        if (!LooksLikePath(nameOrPath))
        {
            throw new DistillConfigException(nameOrPath, [],
                $"'{nameOrPath}' is neither a compiled config ({string.Join(", ", CompiledConfigs.Names)}) nor a .yaml file.");
        }
        options ??= new GraphBuildOptions();
        string folder = Path.GetDirectoryName(Path.GetFullPath(nameOrPath))!;
        return new DistillGraph(Load(nameOrPath), options with { BaseDirectory = options.BaseDirectory ?? folder });
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
