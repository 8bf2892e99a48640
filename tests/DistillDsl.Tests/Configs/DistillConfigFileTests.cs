using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;

namespace DistillDsl.Tests.Configs;

public sealed class DistillConfigFileTests : IDisposable
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

        var error = Assert.Throws<DistillConfigException>(() => DistillConfigFile.Build(path));

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
        using DistillGraph graph = DistillConfigFile.Build(path, new GraphBuildOptions { RandomTeacherWeights = true });
        Assert.Equal(128, graph.Spec.Input.Height);
        Assert.IsNotType<StpmGraph>(graph);
    }

    [Fact]
    public void A_compiled_name_gives_the_compiled_graph()
    {
        using DistillGraph graph = DistillConfigFile.Build("stpm", new GraphBuildOptions { RandomTeacherWeights = true });
        Assert.IsType<StpmGraph>(graph);
    }

    [Fact]
    public void A_folder_is_named_as_a_folder_not_as_access_denied()
    {
        string sub = Directory.CreateDirectory(Path.Combine(folder, "configs.yaml")).FullName;

        var error = Assert.Throws<DistillConfigException>(() => DistillConfigFile.Load(sub));
        Assert.Equal($"Config '{sub}' cannot be read: it is a folder, not a YAML file.", error.Message);
    }

    [Fact]
    public void Missing_files_and_unknown_names_are_named()
    {
        string missing = Path.Combine(folder, "absent.yaml");
        var error = Assert.Throws<DistillConfigException>(() => DistillConfigFile.Load(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);

        var unknown = Assert.Throws<DistillConfigException>(() => DistillConfigFile.Build("stmp"));
        Assert.Contains("stpm", unknown.Message);
    }
}
