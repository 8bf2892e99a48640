using DistillDsl.Configs;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Summary;
using DistillDsl.Tests.Graphs;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Configs;

/// <summary>The graphs the source generator compiled into DistillDsl.dll (from configs/*.yaml) against the same YAML
/// interpreted at run time: the same network, typed access that matches the declared shapes, and an architecture
/// summary whose parameter counts are those of the modules actually built.</summary>
public class CompiledConfigTests
{
    private static readonly GraphBuildOptions Options = new() { RandomTeacherWeights = true, Seed = 11 };

    public static TheoryData<string> Configs => TestSpecs.ShippedConfigNames();

    [Fact]
    public void Every_shipped_config_is_compiled_and_registered()
    {
        string[] shipped = Directory.GetFiles(TestSpecs.ConfigDirectory, "*.yaml")
            .Select(path => DistillConfigParser.Parse(path, File.ReadAllText(path)).Spec!.Name)
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(shipped, CompiledConfigs.Names);
        var error = Assert.Throws<KeyNotFoundException>(() => CompiledConfigs.Create("no_such_config"));
        Assert.Contains("stpm", error.Message);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_compiled_graph_and_the_interpreted_yaml_are_the_same_network(string config)
    {
        string path = Path.Combine(TestSpecs.ConfigDirectory, config + ".yaml");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), CompiledConfigs.Yaml(config));
        DistillSpec interpretedSpec = DistillConfigParser.Parse(path, File.ReadAllText(path)).Spec!;

        using DistillGraph compiled = TestSpecs.WithTestQuantiles(CompiledConfigs.Create(config, Options));
        using var interpreted = TestSpecs.WithTestQuantiles(new DistillGraph(interpretedSpec, Options));

        var compiledState = compiled.state_dict();
        var interpretedState = interpreted.state_dict();
        Assert.Equal(interpretedState.Keys.Order(), compiledState.Keys.Order());
        foreach (var (name, value) in interpretedState)
        {
            Assert.True(value.eq(compiledState[name]).all().item<bool>(), $"{config}: tensor {name} differs");
        }

        // Same outputs on the same image (at the config's own input size), in eval mode: a training-mode EfficientNet
        // student drops blocks at random (stochastic depth).
        compiled.eval();
        interpreted.eval();
        using var scope = NewDisposeScope();
        Tensor rgb = rand(1, 3, interpretedSpec.Input.Height, interpretedSpec.Input.Width, generator: new Generator(3));
        using GraphFeatures a = compiled.forward(rgb), b = interpreted.forward(rgb);
        Tensor mapA = compiled.AnomalyMap(a, interpretedSpec.Input.Height, interpretedSpec.Input.Width);
        Tensor mapB = interpreted.AnomalyMap(b, interpretedSpec.Input.Height, interpretedSpec.Input.Width);
        Assert.True(mapA.eq(mapB).all().item<bool>(), $"{config}: anomaly maps differ");
    }

    [Fact]
    public void Typed_features_have_the_shapes_of_the_generated_constants()
    {
        using var graph = new ReducedStudentPaperGraph(Options);
        using var scope = NewDisposeScope();
        Tensor rgb = rand(2, 3, ReducedStudentPaperGraph.InputHeight, ReducedStudentPaperGraph.InputWidth, generator: new Generator(5));

        ReducedStudentPaperGraph.Features features = graph.ForwardFeatures(rgb);

        AssertShape(features.ResnetStem, ReducedStudentPaperGraph.ResnetTeacher.Stem.Channels, ReducedStudentPaperGraph.ResnetTeacher.Stem.Height, ReducedStudentPaperGraph.ResnetTeacher.Stem.Width);
        AssertShape(features.ResnetLayer1, ReducedStudentPaperGraph.ResnetTeacher.Layer1.Channels, ReducedStudentPaperGraph.ResnetTeacher.Layer1.Height, ReducedStudentPaperGraph.ResnetTeacher.Layer1.Width);
        AssertShape(features.ResnetLayer3, ReducedStudentPaperGraph.ResnetTeacher.Layer3.Channels, ReducedStudentPaperGraph.ResnetTeacher.Layer3.Height, ReducedStudentPaperGraph.ResnetTeacher.Layer3.Width);
        // The paper's reading: layer3 of a 256² input is 256×16×16, pooled to 8×8 and averaged to 128 channels.
        Assert.Equal((128, 8, 8), (ReducedStudentPaperGraph.ResnetTeacher.Layer3.Channels, ReducedStudentPaperGraph.ResnetTeacher.Layer3.Height, ReducedStudentPaperGraph.ResnetTeacher.Layer3.Width));
    }

    [Fact]
    public void Typed_features_are_disposable_and_the_loss_and_map_take_them()
    {
        using var graph = new StpmGraph(64, Options);   // the generated class at another image size
        graph.eval();
        using var scope = NewDisposeScope();
        Tensor rgb = rand(1, 3, 64, 64, generator: new Generator(7));

        StpmGraph.Features typed = graph.ForwardFeatures(rgb);
        using GraphFeatures plain = graph.forward(rgb);

        Assert.Equal([1, StpmGraph.ResnetTeacher.Layer3.Channels, 4, 4], typed.ResnetLayer3.Teacher.shape);   // 64 / 16
        Assert.True(graph.Loss(typed).eq(graph.Loss(plain)).item<bool>());
        Assert.True(graph.AnomalyMap(typed, 64, 64).eq(graph.AnomalyMap(plain, 64, 64)).all().item<bool>());
        Tensor layer1 = typed.ResnetLayer1.Student;
        typed.Dispose();
        Assert.True(layer1.IsInvalid);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_architecture_summary_counts_the_parameters_the_runtime_builds(string config)
    {
        DistillSpec spec = TestSpecs.Shipped(config);
        ArchitectureDescription description = ArchitectureSummary.Describe(spec);
        using var graph = new DistillGraph(spec, Options);

        foreach (DistillBranch branch in graph.Branches)
        {
            var student = description.Sections.Single(s => s.Teacher == branch.Name && s.Role == SummaryRole.Student);
            foreach (ModuleSummary module in student.Modules)
            {
                long built = CountParameters(branch.Student, [module.Name + "."]);
                Assert.True(module.Parameters == built, $"{config} student {branch.Name}.{module.Name}: summary {module.Parameters:N0}, built {built:N0}");
            }

            var teacher = description.Sections.Single(s => s.Teacher == branch.Name && s.Role == SummaryRole.Teacher);
            foreach (ModuleSummary module in teacher.Modules)
            {
                long built = CountParameters(branch.Teacher.AsModule(), TorchvisionPrefixes(branch.Spec.Backbone, module.Name));
                Assert.True(module.Parameters == built, $"{config} teacher {branch.Name}.{module.Name}: summary {module.Parameters:N0}, built {built:N0}");
            }
        }
        long trainable = graph.StudentParameters().Sum(p => p.numel());
        Assert.Equal(description.StudentParameters, trainable);
    }

    private static long CountParameters(nn.Module module, string[] prefixes) =>
        module.named_parameters().Where(p => prefixes.Any(prefix => p.name.StartsWith(prefix, StringComparison.Ordinal))).Sum(p => p.parameter.numel());

    /// <summary>Where a catalog tap's stage lives in torchvision's state-dict names.</summary>
    private static string[] TorchvisionPrefixes(string backbone, string tap) => (backbone, tap) switch
    {
        ("resnet18", "stem") => ["conv1.", "bn1."],
        ("resnet18", _) => [tap + "."],
        ("efficientnet_b0", "stem") => ["features.0."],
        ("efficientnet_b0", "head") => ["features.8."],
        ("efficientnet_b0", _) => [$"features.{tap["stage".Length..]}."],
        _ => throw new ArgumentException($"no prefix rule for {backbone}.{tap}"),
    };

    private static void AssertShape(TapPair pair, int channels, int height, int width)
    {
        long[] expected = [2, channels, height, width];
        Assert.Equal(expected, pair.Teacher.shape);
        Assert.Equal(expected, pair.Student.shape);
    }
}
