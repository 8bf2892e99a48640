using System.Text.Json;
using DistillDsl.Generators.Tests.Support;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Shapes;
using DistillDsl.Spec.Summary;

namespace DistillDsl.Generators.Tests;

/// <summary>The summary's parameter counts against torchvision, and its shapes against ShapeInference.
/// Reference numbers: Fixtures/Summary/torchvision_parameter_counts.json, written once by
/// Fixtures/Summary/make_torchvision_parameter_counts.py with Debian's python3-torch 1.13 / torchvision 0.14
/// (`/usr/bin/python3 make_torchvision_parameter_counts.py`): torchvision's own resnet18, efficientnet_b0 and
/// BasicBlock, and the shipped configs' students built from torch modules.</summary>
public class ArchitectureSummaryTests
{
    private static readonly InputSpec Input256 = new(256, 256, SourceSpan.StartOf("test"));

    private static readonly JsonElement Torchvision = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Summary", "torchvision_parameter_counts.json"))).RootElement;

    [Theory]
    [InlineData(BackboneCatalog.ResNet18)]
    [InlineData(BackboneCatalog.EfficientNetB0)]
    public void BackboneStagesHaveTorchvisionsParameterCounts(string backbone)
    {
        BackboneInfo info = BackboneCatalog.Get(backbone);

        var stages = BackboneStages.UpTo(info, info.Taps.Count - 1, Input256);

        var expected = Torchvision.GetProperty(backbone).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(expected.Keys, stages.Select(s => s.Name));
        Assert.All(stages, s => Assert.Equal(expected[s.Name], s.Parameters));
    }

    [Fact]
    public void ResNet18StagesMatchTheNumbersTheBriefStates()
    {
        var stages = BackboneStages.UpTo(BackboneCatalog.ResNet18Info, 4, Input256);

        Assert.Equal(new long[] { 9_536, 147_968, 525_568, 2_099_712, 8_393_728 }, stages.Select(s => s.Parameters));
    }

    [Theory]
    [InlineData("64_to_64_stride_1", 64, 64, 1)]
    [InlineData("64_to_64_stride_2", 64, 64, 2)]
    [InlineData("64_to_128_stride_2", 64, 128, 2)]
    public void BasicBlockHasTorchvisionsParameterCount(string key, int inChannels, int outChannels, int stride)
    {
        Assert.Equal(Torchvision.GetProperty("basic_block").GetProperty(key).GetInt64(), LayerParameters.BasicBlock(inChannels, outChannels, stride));
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.Names), MemberType = typeof(ShippedConfigs))]
    public void StudentsOfShippedConfigsHaveTheParameterCountsOfTheirTorchModules(string fileName)
    {
        DistillSpec spec = Parse(fileName);

        ArchitectureDescription description = ArchitectureSummary.Describe(spec);

        var students = Torchvision.GetProperty("students");
        foreach (TeacherSpec teacher in spec.Teachers)
        {
            long expected = students.GetProperty($"{spec.Name}/{teacher.Name}").GetInt64();
            Assert.Equal(expected, description.Sections.Single(s => s.Teacher == teacher.Name && s.Role == SummaryRole.Student).Parameters);
        }
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs.Names), MemberType = typeof(ShippedConfigs))]
    public void TotalsAddUpAndOnlyStudentsAreTrainable(string fileName)
    {
        ArchitectureDescription description = ArchitectureSummary.Describe(Parse(fileName));

        long teachers = description.Sections.Where(s => s.Role == SummaryRole.Teacher).Sum(s => s.Parameters);
        long students = description.Sections.Where(s => s.Role == SummaryRole.Student).Sum(s => s.Parameters);
        Assert.Equal(teachers, description.TeacherParameters);
        Assert.Equal(students, description.StudentParameters);
        Assert.Equal(teachers + students, description.TotalParameters);
        Assert.All(description.Sections.Where(s => s.Role == SummaryRole.TapPooling).SelectMany(s => s.Modules), m => Assert.Equal(0, m.Parameters));
    }

    /// <summary>The summary walks the networks itself; its tapped outputs must be the shapes the validator checked.</summary>
    [Theory]
    [MemberData(nameof(ShippedConfigs.Names), MemberType = typeof(ShippedConfigs))]
    public void ShapesAgreeWithShapeInference(string fileName)
    {
        DistillSpec spec = Parse(fileName);
        ArchitectureDescription description = ArchitectureSummary.Describe(spec);

        foreach (TeacherSpec teacher in spec.Teachers)
        {
            BackboneInfo backbone = BackboneCatalog.Get(teacher.Backbone);
            InputSpec input = TeacherInput.Of(teacher, spec.Input);
            var sections = description.Sections.Where(s => s.Teacher == teacher.Name).ToDictionary(s => s.Role);
            foreach (TapSpec tap in teacher.Taps)
            {
                TapInfo info = backbone.FindTap(tap.Name)!;
                // The image tap is the teacher's input itself, not the output of one of its modules.
                if (tap.Name == BackboneCatalog.ImageTapName) Assert.Equal(new FeatureShape(3, input.Height, input.Width), ShapeInference.TeacherTap(info, input));
                else Assert.Equal(ShapeInference.TeacherTap(info, input), sections[SummaryRole.Teacher].Modules.Single(m => m.Name == tap.Name).Output);
                Assert.Equal(ShapeInference.PooledTeacherTap(info, tap, input), sections[SummaryRole.TapPooling].Modules.Single(m => m.Name == tap.Name).Output);
            }
            foreach (TapOutput output in ShapeInference.StudentOutputs(teacher, backbone, input))
            {
                Assert.Equal(output.Shape, sections[SummaryRole.Student].Modules.Single(m => m.Name == output.Tap).Output);
            }
            // Channels chain: each module takes what the one before gives (3 for the first). A reverse distillation student
            // reads the teacher's taps instead: its bottleneck takes each tap's channels, and the chain starts at its stage.
            foreach (var role in new[] { SummaryRole.Teacher, SummaryRole.Student })
            {
                var modules = sections[role].Modules;
                int first = 0;
                if (role == SummaryRole.Student && teacher.Student is MemoryBankStudentSpec)
                {
                    // A memory bank per tap, each reading its own pooled tap: no chain.
                    Assert.Equal(teacher.Taps.Select(t => ShapeInference.PooledTeacherTap(backbone.FindTap(t.Name)!, t, input).Channels),
                                 modules.Select(m => m.InChannels));
                    continue;
                }
                if (role == SummaryRole.Student && teacher.Student is ReverseDistillationStudentSpec)
                {
                    var reducers = modules.TakeWhile(m => m.Name.StartsWith("bottleneck.reduce_", StringComparison.Ordinal)).ToList();
                    Assert.Equal(teacher.Taps.SkipLast(1).Select(t => backbone.FindTap(t.Name)!.Channels), reducers.Select(m => m.InChannels));
                    first = reducers.Count;
                    Assert.Equal("bottleneck.stage", modules[first].Name);
                    Assert.Equal(teacher.Taps.Count * backbone.FindTap(teacher.Taps[^1].Name)!.Channels, modules[first].InChannels);
                }
                else
                {
                    Assert.Equal(3, modules[0].InChannels);
                }
                for (int i = first + 1; i < modules.Count; i++) Assert.Equal(modules[i - 1].OutChannels, modules[i].InChannels);
            }
        }
    }

    [Fact]
    public void OddInputSizesRoundSidesUpAndPooledStridesStayStructural()
    {
        var spec = Parse("reduced_student_code.yaml") with { Input = new InputSpec(250, 250, SourceSpan.StartOf("test")) };

        var teacher = ArchitectureSummary.Describe(spec).Sections.First(s => s.Role == SummaryRole.Teacher);

        Assert.Equal(new FeatureShape(128, 32, 32), teacher.Modules.Single(m => m.Name == "layer2").Output); // ⌈250 / 8⌉ = 32
        TapSpec layer2 = spec.Teachers[0].Taps.Single(t => t.Name == "layer2");
        Assert.Equal(16, PooledTapStride.Of(BackboneCatalog.ResNet18Info.FindTap("layer2")!, layer2, spec.Input)); // 8 × avg stride 2
    }

    [Fact]
    public void RenderedSummaryListsEveryModuleWithItsCount()
    {
        DistillSpec spec = Parse("mixed_teacher_code.yaml");
        ArchitectureDescription description = ArchitectureSummary.Describe(spec);

        string text = ArchitectureSummary.Render(spec);

        foreach (SummarySection section in description.Sections)
        {
            Assert.Contains(section.Heading + "\n", text);
        }
        string studentsLine = text.Split('\n').Single(l => l.TrimStart().StartsWith("students, trainable", StringComparison.Ordinal));
        Assert.EndsWith(description.StudentParameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), studentsLine);
        Assert.DoesNotContain("\r", text);
    }

    private static DistillSpec Parse(string fileName)
    {
        var result = DistillConfigParser.Parse(ShippedConfigs.DisplayPath(fileName), ShippedConfigs.Read(fileName));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }
}
