using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Parsing;

namespace DistillDsl.Spec.Tests;

/// <summary>Specs are values: the incremental generator relies on equal text giving equal specs and any change
/// giving a different one.</summary>
public class SpecEqualityTests
{
    [Theory]
    [MemberData(nameof(ShippedConfigs.FileNames), MemberType = typeof(ShippedConfigs))]
    public void ParsingTheSameTextTwiceGivesEqualSpecs(string fileName)
    {
        string text = ShippedConfigs.Read(fileName);

        var first = DistillConfigParser.Parse(fileName, text);
        var second = DistillConfigParser.Parse(fileName, text);

        Assert.NotSame(first.Spec, second.Spec);
        Assert.Equal(first.Spec, second.Spec);
        Assert.Equal(first.Spec!.GetHashCode(), second.Spec!.GetHashCode());
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("alpha: 0.1", "alpha: 0.2")]                          // a number deep in a list
    [InlineData("taps: [stage5, stage6]", "taps: [stage4, stage6]")]  // a name in a nested list
    [InlineData("normalize: minmax", "normalize: l2_height")]         // an enum in a nested mapping
    [InlineData("  epochs: 200", "  epochs: 201")]
    public void ChangingAValueGivesAnUnequalSpec(string oldText, string newText)
    {
        string text = ShippedConfigs.Read("mixed_teacher_paper.yaml");
        Assert.Contains(oldText, text);

        var original = DistillConfigParser.Parse("x.yaml", text).Spec;
        var changed = DistillConfigParser.Parse("x.yaml", text.Replace(oldText, newText)).Spec;

        Assert.NotNull(original);
        Assert.NotNull(changed);
        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void DifferentFilePathsGiveUnequalSpecsBecauseSpansDiffer()
    {
        string text = ShippedConfigs.Read("stpm.yaml");

        Assert.NotEqual(DistillConfigParser.Parse("a.yaml", text).Spec, DistillConfigParser.Parse("b.yaml", text).Spec);
    }

    [Fact]
    public void EquatableArrayComparesElementsAndCopiesItsSource()
    {
        var source = new List<int> { 1, 2, 3 };
        var array = source.ToEquatableArray();
        source[0] = 99;

        Assert.Equal(EquatableArray.Create(1, 2, 3), array);
        Assert.Equal(EquatableArray.Create(1, 2, 3).GetHashCode(), array.GetHashCode());
        Assert.NotEqual(EquatableArray.Create(1, 2, 4), array);
        Assert.NotEqual(EquatableArray.Create(1, 2), array);
        Assert.True(default(EquatableArray<int>) == EquatableArray.Create<int>());
        Assert.Empty(default(EquatableArray<int>));
    }
}
