using DistillDsl.Generators;
using DistillDsl.Graphs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DistillDsl.Generators.Tests.Support;

/// <summary>Compilations the generator runs on and generated code is compiled in: the .NET reference set of this test
/// run, TorchSharp, the spec library (inside the generator assembly) and the contract stubs (this assembly).</summary>
internal static class TestCompilation
{
    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyReferences = new(() =>
    {
        string frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == frameworkFolder);
        var ours = new[]
        {
            typeof(TorchSharp.torch).Assembly.Location,
            typeof(DistillGraphGenerator).Assembly.Location,
            typeof(DistillGraph).Assembly.Location,
        };
        return framework.Concat(ours).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    });

    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>A library with one placeholder class, like a project that compiles configs.</summary>
    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Append("namespace Consumer { internal static class Placeholder { } }").Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
