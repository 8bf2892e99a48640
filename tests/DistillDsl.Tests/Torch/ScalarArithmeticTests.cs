using System.Text.RegularExpressions;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Torch;

public class ScalarArithmeticTests
{
    // A tensor method called with a plain number makes TorchSharp build a Scalar it never disposes (see ScalarArithmetic).
    private static readonly Regex NumberScalarCall = new(
        @"\.(fill_|mul_?|div_?|sub_?|add_?|clamp_?|clamp_min|clamp_max|gt|ge|lt|le|pow_?)\(\s*-?[0-9.]+[fdFD]?\s*[,)]",
        RegexOptions.Compiled);

    [Fact]
    public void Each_helper_gives_the_value_of_the_tensor_operation_it_wraps()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new float[] { -1.5f, 0.25f, 2f, 4f });

        Assert.Equal(new[] { -3f, 0.5f, 4f, 8f }, ScalarArithmetic.Mul(x, 2).data<float>().ToArray());
        Assert.Equal(new[] { -2.5f, -0.75f, 1f, 3f }, ScalarArithmetic.Sub(x, 1).data<float>().ToArray());
        Assert.Equal(new[] { -0.75f, 0.125f, 1f, 2f }, ScalarArithmetic.Div(x, 2).data<float>().ToArray());
        Assert.Equal(new[] { 0f, 0.25f, 2f, 2f }, ScalarArithmetic.ClampInPlace(x.clone(), 0, 2).data<float>().ToArray());
        Assert.Equal(new[] { 0f, 0.25f, 2f, 4f }, ScalarArithmetic.ClampMin(x, 0).data<float>().ToArray());
        Assert.Equal(new[] { false, false, true, true }, ScalarArithmetic.GreaterThan(x, 1).data<bool>().ToArray());
        Assert.Equal(new[] { 7f, 7f, 7f, 7f }, ScalarArithmetic.FillInPlace(x.clone(), 7).data<float>().ToArray());
    }

    [Fact]
    public void The_library_never_passes_a_plain_number_to_a_tensor_method()
    {
        string library = Path.Combine(RepositoryPaths.Root, "src", "DistillDsl");
        string helper = Path.Combine(library, "Torch", "ScalarArithmetic.cs");
        var offenders = Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(file => file != helper && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(row => NumberScalarCall.IsMatch(row.line))
            .Select(row => $"{Path.GetRelativePath(library, row.file)}:{row.number}: {row.line.Trim()}")
            .ToList();

        Assert.True(NumberScalarCall.IsMatch("norm.weight?.fill_(1);"), "the pattern must catch the call that failed under load");
        Assert.Empty(offenders);
    }
}
