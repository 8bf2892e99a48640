using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;

namespace DistillDsl.Tests.Configs;

/// <summary>Configs resolved once: compiled names and YAML files, their text, hash and spec, and the graphs built from them.</summary>
public sealed class ConfigSourceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("configs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Edited(string config, Func<string, string> edit)
    {
        string path = Path.Combine(folder, config + "_edited.yaml");
        File.WriteAllText(path, edit(File.ReadAllText(Path.Combine(TestSpecs.ConfigDirectory, config + ".yaml"))));
        return path;
    }

    [Fact]
    public void An_edited_config_with_a_typo_fails_with_the_compilers_message_for_that_file_line_and_column()
    {
        string path = Edited("stpm", text => text.Replace("backbone: resnet18", "backbone: resnet19"));
        int line = File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("resnet19")) + 1;

        var error = Assert.Throws<DistillConfigException>(() => ConfigSource.Resolve(path));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("DD0014", diagnostic.Id);
        Assert.Equal(line, diagnostic.Span.StartLine);
        Assert.Contains($"{path}({line},", error.Message);
        Assert.Contains("error DD0014", error.Message);
        Assert.Contains("resnet18, efficientnet_b0", error.Message);
    }

    [Fact]
    public void An_edited_valid_config_builds_without_rebuilding()
    {
        string path = Edited("stpm", text => text.Replace("size: 256", "size: 128"));
        using DistillGraph graph = ConfigSource.Resolve(path).BuildGraph(options: new GraphBuildOptions { RandomTeacherWeights = true });
        Assert.Equal(128, graph.Spec.Input.Height);
        Assert.IsNotType<StpmGraph>(graph);
    }

    [Fact]
    public void A_compiled_name_gives_the_compiled_graph()
    {
        ConfigSource source = ConfigSource.Resolve("stpm");
        using DistillGraph graph = source.BuildGraph(options: new GraphBuildOptions { RandomTeacherWeights = true });

        Assert.IsType<StpmGraph>(graph);
        Assert.Same(StpmGraph.CompiledSource, source);
        Assert.Same(source, graph.Source);
        Assert.True(source.IsCompiled);
        Assert.Equal(StpmGraph.ConfigSha256, source.Sha256);
        Assert.Equal(StpmGraph.ConfigYaml, source.Text);
        Assert.Equal("stpm.yaml", source.FilePath);
        Assert.Null(source.Folder);
    }

    [Fact]
    public void A_file_is_read_and_parsed_once_and_its_graph_keeps_it()
    {
        string path = Edited("stpm", text => text.Replace("size: 256", "size: 128"));
        ConfigSource source = ConfigSource.Resolve(path);
        File.Delete(path);   // nothing reads the file again

        using DistillGraph graph = source.BuildGraph(64, new GraphBuildOptions { RandomTeacherWeights = true });

        Assert.False(source.IsCompiled);
        Assert.Equal(path, source.FilePath);
        Assert.Equal(folder, source.Folder);
        Assert.Equal(folder, graph.Options.BaseDirectory);   // relative weight paths resolve next to the file
        Assert.Same(source, graph.Source);
        Assert.Equal(64, graph.Spec.Input.Height);
        Assert.Equal(128, source.Spec.Input.Height);
        Assert.Equal(ConfigSource.HashOf(source.Text.Replace("\n", "\r\n")), source.Sha256);   // line endings do not count
    }

    [Fact]
    public void A_stored_text_is_its_compiled_config_only_under_the_compiled_file_name()
    {
        Assert.Same(StpmGraph.CompiledSource, ConfigSource.FromText(StpmGraph.ConfigYaml, StpmGraph.ConfigFileName));

        string path = Path.Combine(folder, "stpm.yaml");
        ConfigSource copy = ConfigSource.FromText(StpmGraph.ConfigYaml, path);
        Assert.False(copy.IsCompiled);
        Assert.Equal(path, copy.Spec.Span.FilePath);
        Assert.Equal(StpmGraph.ConfigSha256, copy.Sha256);

        var broken = Assert.Throws<DistillConfigException>(() => ConfigSource.FromText("name: x\n", path));
        Assert.Contains(path, broken.Message);
    }

    [Fact]
    public void A_folder_is_named_as_a_folder_not_as_access_denied()
    {
        string sub = Directory.CreateDirectory(Path.Combine(folder, "configs.yaml")).FullName;

        var error = Assert.Throws<DistillConfigException>(() => ConfigSource.FromFile(sub));
        Assert.Equal($"Config '{sub}' cannot be read: it is a folder, not a YAML file.", error.Message);
    }

    [Fact]
    public void Missing_files_and_unknown_names_are_named()
    {
        string missing = Path.Combine(folder, "absent.yaml");
        var error = Assert.Throws<DistillConfigException>(() => ConfigSource.FromFile(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);

        var unknown = Assert.Throws<DistillConfigException>(() => ConfigSource.Resolve("stmp"));
        Assert.Contains("stpm", unknown.Message);
    }
}
