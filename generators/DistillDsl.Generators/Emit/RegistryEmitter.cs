using System.Collections.Generic;
using System.Linq;
using DistillDsl.Generators.Pipeline;

namespace DistillDsl.Generators.Emit
{
    /// <summary>Writes <c>CompiledConfigs</c>: every config compiled into the assembly, by name.</summary>
    public static class RegistryEmitter
    {
        public const string HintName = "CompiledConfigs.g.cs";

        /// <param name="configs">The configs, each name once.</param>
        public static GeneratedSource Emit(IReadOnlyList<ConfigIdentity> configs)
        {
            var ordered = configs.OrderBy(c => c.Name, System.StringComparer.Ordinal).ToList();
            var code = new CodeWriter();
            GeneratedFileHeader.Write(code, "every compiled config");
            code.Line("using System.Collections.Generic;");
            code.Line("using DistillDsl.Graphs;");
            code.Line();
            using (code.Block($"namespace {GraphEmitter.Namespace}"))
            {
                code.Line("/// <summary>The configs compiled into this assembly, by name.</summary>");
                using (code.Block("public static partial class CompiledConfigs"))
                {
                    code.Line("/// <summary>The names of the compiled configs, in ordinal order.</summary>");
                    code.Line("public static IReadOnlyList<string> Names { get; } = new[]");
                    code.Line("{");
                    foreach (ConfigIdentity config in ordered) code.Line($"    {config.ClassName}.ConfigName,");
                    code.Line("};");
                    code.Line();
                    code.Line("/// <summary>Builds the graph of the compiled config <paramref name=\"name\"/>.</summary>");
                    code.Line("/// <exception cref=\"KeyNotFoundException\">No config of that name is compiled in.</exception>");
                    code.Line("public static DistillGraph Create(string name, GraphBuildOptions? options = null) => name switch");
                    code.Line("{");
                    foreach (ConfigIdentity config in ordered) code.Line($"    {config.ClassName}.ConfigName => new {config.ClassName}(options),");
                    code.Line("    _ => throw UnknownName(name),");
                    code.Line("};");
                    code.Line();
                    code.Line("/// <summary>Builds the graph of the compiled config <paramref name=\"name\"/> at a square input of <paramref name=\"imageSize\"/> pixels (its own size when null).</summary>");
                    code.Line("/// <exception cref=\"KeyNotFoundException\">No config of that name is compiled in.</exception>");
                    code.Line("public static DistillGraph Create(string name, int? imageSize, GraphBuildOptions? options = null) => name switch");
                    code.Line("{");
                    foreach (ConfigIdentity config in ordered) code.Line($"    {config.ClassName}.ConfigName => new {config.ClassName}(imageSize, options),");
                    code.Line("    _ => throw UnknownName(name),");
                    code.Line("};");
                    code.Line();
                    code.Line("/// <summary>The text, hash and spec of the compiled config <paramref name=\"name\"/>.</summary>");
                    code.Line("/// <exception cref=\"KeyNotFoundException\">No config of that name is compiled in.</exception>");
                    code.Line("public static ConfigSource Source(string name) => name switch");
                    code.Line("{");
                    foreach (ConfigIdentity config in ordered) code.Line($"    {config.ClassName}.ConfigName => {config.ClassName}.CompiledSource,");
                    code.Line("    _ => throw UnknownName(name),");
                    code.Line("};");
                    code.Line();
                    code.Line("/// <summary>The YAML text of the compiled config <paramref name=\"name\"/>.</summary>");
                    code.Line("/// <exception cref=\"KeyNotFoundException\">No config of that name is compiled in.</exception>");
                    code.Line("public static string Yaml(string name) => name switch");
                    code.Line("{");
                    foreach (ConfigIdentity config in ordered) code.Line($"    {config.ClassName}.ConfigName => {config.ClassName}.ConfigYaml,");
                    code.Line("    _ => throw UnknownName(name),");
                    code.Line("};");
                    code.Line();
                    code.Line("private static KeyNotFoundException UnknownName(string name) =>");
                    code.Line("    new KeyNotFoundException($\"No config named '{name}' is compiled into this assembly; compiled configs: {string.Join(\", \", Names)}.\");");
                }
            }
            return new GeneratedSource(HintName, code.ToString());
        }
    }
}
