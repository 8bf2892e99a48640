using DistillDsl.Generators.Emit;
using DistillDsl.Generators.Pipeline;
using DistillDsl.Generators.Tests.Support;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Shapes;
using DistillDsl.Spec.Summary;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DistillDsl.Generators.Tests;

/// <summary>The generated sources compile without warnings against the graph contract (ContractStubs.cs until the
/// runtime lands) and TorchSharp, and their constants hold what the configs say.</summary>
public class CompileTests
{
    [Fact]
    public void GeneratedSourcesOfAllShippedConfigsCompileWithoutWarnings()
    {
        var run = GeneratorHarness.Run(ShippedConfigs.All());

        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(ShippedConfigs.FileNames.Count + 1, run.Output.SyntaxTrees.Count() - 1);
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.Names), MemberType = typeof(ShippedConfigs))]
    public void ConstantsHoldTheConfigsValues(string fileName)
    {
        string text = ShippedConfigs.Read(fileName);
        var spec = DistillConfigParser.Parse(ShippedConfigs.DisplayPath(fileName), text).Spec!;
        var run = GeneratorHarness.Run(ShippedConfigs.All());
        var graph = run.Output.GetTypeByMetadataName($"{GraphEmitter.Namespace}.{CSharpNames.GraphClass(spec.Name)}")!;

        Assert.Equal(spec.Name, Constant(graph, "ConfigName"));
        Assert.Equal(fileName, Constant(graph, "ConfigFileName"));
        Assert.Equal(text.Replace("\r\n", "\n"), Constant(graph, "ConfigYaml"));
        Assert.Equal(ConfigText.Sha256(text.Replace("\r\n", "\n")), Constant(graph, "ConfigSha256"));
        Assert.Equal(64, ((string)Constant(graph, "ConfigSha256")).Length);
        Assert.Equal(ArchitectureSummary.Render(spec), Constant(graph, "ArchitectureSummary"));
        Assert.Equal(spec.Input.Height, Constant(graph, "InputHeight"));
        Assert.Equal(spec.Input.Width, Constant(graph, "InputWidth"));
        foreach (var teacher in spec.Teachers)
        {
            var teacherClass = graph.GetTypeMembers(CSharpNames.TeacherClass(teacher.Name)).Single();
            Assert.Equal(teacher.Name, Constant(teacherClass, "Name"));
            Assert.Equal(teacher.Backbone, Constant(teacherClass, "Backbone"));
            Assert.Equal(teacher.Alpha, Constant(teacherClass, "Alpha"));
            Assert.Equal(teacher.Downsample, Constant(teacherClass, "Downsample"));
            InputSpec input = TeacherInput.Of(teacher, spec.Input);
            foreach (var tap in teacher.Taps)
            {
                TapInfo info = BackboneCatalog.Get(teacher.Backbone).FindTap(tap.Name)!;
                FeatureShape pooled = ShapeInference.PooledTeacherTap(info, tap, input);
                var tapClass = teacherClass.GetTypeMembers(CSharpNames.TapClass(tap.Name)).Single();
                Assert.Equal(tap.Name, Constant(tapClass, "Name"));
                Assert.Equal(pooled.Channels, Constant(tapClass, "Channels"));
                Assert.Equal(pooled.Height, Constant(tapClass, "Height"));
                Assert.Equal(pooled.Width, Constant(tapClass, "Width"));
                Assert.Equal(teacher.Downsample * PooledTapStride.Of(info, tap, input), Constant(tapClass, "Stride"));
                Assert.Equal(tap.Weight, Constant(tapClass, "Weight"));
            }
        }
        var features = graph.GetTypeMembers("Features").Single();
        var expectedProperties = spec.Teachers.SelectMany(t => t.Taps.Select(tap => CSharpNames.FeatureProperty(t.Name, tap.Name)));
        Assert.Equal(expectedProperties, features.GetMembers().OfType<IPropertySymbol>().Where(p => p.Type.Name == "TapPair").Select(p => p.Name));
        Assert.Contains(features.AllInterfaces, i => i.Name == "IDisposable");
    }

    [Fact]
    public void RegistryListsEveryConfigInNameOrder()
    {
        var run = GeneratorHarness.Run(ShippedConfigs.All());
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith(RegistryEmitter.HintName, StringComparison.Ordinal));
        var model = run.Output.GetSemanticModel(tree);

        var names = tree.GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.Text == "Names")
            .Initializer!.Value.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Select(m => (string)model.GetConstantValue(m).Value!);

        var expected = ShippedConfigs.FileNames.Select(n => DistillConfigParser.Parse(n, ShippedConfigs.Read(n)).Spec!.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected, names);
    }

    private static object Constant(INamedTypeSymbol type, string name)
    {
        var field = type.GetMembers(name).OfType<IFieldSymbol>().Single();
        Assert.True(field.IsConst, $"{type.Name}.{name} is not a constant");
        return field.ConstantValue!;
    }
}
