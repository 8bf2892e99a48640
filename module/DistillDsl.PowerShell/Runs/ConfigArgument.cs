using DistillDsl.Configs;
using DistillDsl.Graphs;

namespace DistillDsl.PowerShell.Runs;

/// <summary>What -Config names: a compiled config, or a YAML file (resolved against PowerShell's location). Reading it here,
/// before anything is written, makes a bad config stop the cmdlet with its diagnostics (file, line, column).</summary>
/// <param name="NameOrPath">What the engine gets: the compiled name or the full path of the file.</param>
/// <param name="Name">The config's name (the file's <c>name:</c>), e.g. for the default output folder.</param>
internal sealed record ConfigArgument(string NameOrPath, string Name)
{
    /// <exception cref="DistillConfigException">Neither a compiled config nor a readable, valid YAML file.</exception>
    public static ConfigArgument Resolve(string typed, Func<string, string> resolvePath)
    {
        if (CompiledConfigs.Names.Contains(typed, StringComparer.Ordinal)) return new ConfigArgument(typed, typed);
        bool looksLikePath = typed.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || typed.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                             || typed.Contains('/') || typed.Contains(Path.DirectorySeparatorChar);
        string path = resolvePath(typed);
        if (!looksLikePath && !File.Exists(path) && !Directory.Exists(path)) // a folder goes on to Load, which says it is one
        {
            throw new DistillConfigException(path, [],
                $"'{typed}' is neither a compiled config ({string.Join(", ", CompiledConfigs.Names)}) nor a YAML file.");
        }
        return new ConfigArgument(path, DistillConfigFile.Load(path).Name);
    }
}
