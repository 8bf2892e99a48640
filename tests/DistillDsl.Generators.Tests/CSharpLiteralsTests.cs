using DistillDsl.Generators.Emit;
using DistillDsl.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DistillDsl.Generators.Tests;

/// <summary>Every literal the emitter writes compiles back to exactly the value it was made from.</summary>
public class CSharpLiteralsTests
{
    public static TheoryData<string> Texts() => new()
    {
        "",
        "one line",
        "two\nlines\n",
        "no final newline\nhere",
        "blank\n\n\nlines\n",
        "  leading spaces\n\tand a tab\n",
        "   \nwhitespace-only line above\n",
        "trailing spaces   \n",
        "\"quoted\" and \"\"\"three\"\"\" and \"\"\"\"four\"\"\"\" quotes",
        "\"\"\"",
        "{braces} $dollar {{double}} \\backslash",
        "line\u2028separator and next\u0085line",
        "control \u0001 char",
        "é × ½ σ ‖ 😀",
        "ends with a quote\"",
        "\n",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void TextLiteralsCompileBackToTheText(string text)
    {
        Assert.Equal(text, CompileConstant($"        public const string Value = {CSharpLiterals.Text(text, "        ")};", "Value"));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void StringLiteralsCompileBackToTheText(string text)
    {
        string literal = CSharpLiterals.String(text);

        Assert.DoesNotContain("\n", literal);
        Assert.Equal(text, CompileConstant($"public const string Value = {literal};", "Value"));
    }

    [Fact]
    public void MultiLineTextsAreReadableRawLiterals()
    {
        string literal = CSharpLiterals.Text("name: x\ninput:\n  size: 64\n", "    ");

        Assert.Equal("\"\"\"\n    name: x\n    input:\n      size: 64\n\n    \"\"\"", literal);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(16.0, "16.0")]
    [InlineData(1e300, "1E+300")]
    public void DoublesRoundTrip(double value, string expected)
    {
        string literal = CSharpLiterals.Double(value);

        Assert.Equal(expected, literal);
        Assert.Equal(value, CompileConstant($"public const double Value = {literal};", "Value"));
    }

    [Fact]
    public void XmlDocTextIsEscapedAndOnOneLine()
    {
        Assert.Equal("a &lt;b&gt; &amp; c d", CSharpLiterals.XmlDoc("a <b> & c\nd"));
    }

    private static object CompileConstant(string member, string name)
    {
        var compilation = CSharpCompilation.Create(
            "Literals",
            new[] { CSharpSyntaxTree.ParseText($"public static class C\n{{\n{member}\n}}\n", TestCompilation.ParseOptions) },
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + member);
        var field = compilation.GetTypeByMetadataName("C")!.GetMembers(name).OfType<IFieldSymbol>().Single();
        return field.ConstantValue!;
    }
}
