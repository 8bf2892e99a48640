using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Tests;

/// <summary>The shipped configs say what their header comments claim (paper vs authors' code), and the shapes the
/// validator compares are the hand-computed ones at 256×256.</summary>
public class ShippedConfigContentTests
{
    private static DistillSpec Load(string fileName) =>
        DistillConfigParser.Parse(fileName, ShippedConfigs.Read(fileName)).Spec ?? throw new InvalidOperationException(fileName + " does not parse");

    private static Dictionary<string, string> StudentShapes(DistillSpec spec, int teacher)
    {
        var t = spec.Teachers[teacher];
        return ShapeInference.StudentOutputs(t, BackboneCatalog.Get(t.Backbone), spec.Input).ToDictionary(o => o.Tap, o => o.Shape.ToString());
    }

    private static Dictionary<string, string> PooledTeacherShapes(DistillSpec spec, int teacher)
    {
        var t = spec.Teachers[teacher];
        var backbone = BackboneCatalog.Get(t.Backbone);
        return t.Taps.ToDictionary(tap => tap.Name, tap => ShapeInference.PooledTeacherTap(backbone.FindTap(tap.Name)!, tap, spec.Input).ToString());
    }

    [Fact]
    public void ReducedStudentPaperHalvesSidesAndChannelsAfterTheStem()
    {
        var spec = Load("reduced_student_paper.yaml");

        var expected = new Dictionary<string, string>
        {
            ["stem"] = "64×64×64", ["layer1"] = "32×32×32", ["layer2"] = "64×16×16", ["layer3"] = "128×8×8",
        };
        Assert.Equal(expected, PooledTeacherShapes(spec, 0));
        Assert.Equal(expected, StudentShapes(spec, 0));
        var student = Assert.IsType<ReducedResNetStudentSpec>(spec.Teachers[0].Student);
        Assert.Equal(ResidualBlockKind.Conv, student.Block);
        Assert.All(student.Stages, s => Assert.Equal(2, s.Blocks));
        Assert.Equal((ScoreKind.Sum, FeatureDistanceKind.L2, TapReduction.Sum), (spec.Score.Kind, spec.Loss.Distance, spec.Loss.OverTaps));
        Assert.Equal((OptimizerKind.Sgd, 0.4, 100, 16), (spec.Training.Optimizer.Kind, spec.Training.Optimizer.LearningRate, spec.Training.Epochs, spec.Training.BatchSize));
    }

    [Fact]
    public void ReducedStudentCodeUsesAvgPoolTwoAndOneBasicBlockPerStage()
    {
        var spec = Load("reduced_student_code.yaml");

        var expected = new Dictionary<string, string> { ["layer1"] = "64×32×32", ["layer2"] = "128×16×16" };
        Assert.Equal(expected, PooledTeacherShapes(spec, 0));
        Assert.Equal(expected, StudentShapes(spec, 0));
        Assert.All(spec.Teachers[0].Taps, t => Assert.Equal(new AvgPoolSpec(2, 2, 0, t.Pool!.Span), t.Pool));
        var student = Assert.IsType<ReducedResNetStudentSpec>(spec.Teachers[0].Student);
        Assert.Equal(ResidualBlockKind.Basic, student.Block);
        Assert.False(student.StemTap);
        Assert.Equal(4.0, spec.AnomalyMap.GaussianSigma);
        Assert.Equal(TapScale.InverseArea, spec.AnomalyMap.TapScale);
        Assert.Equal((ScoreKind.Max, ScoreNormalization.TestSetMinMax), (spec.Score.Kind, spec.Score.Normalization));
        Assert.Equal((OptimizerKind.Adam, 4e-4, 0.9, 0.999), (spec.Training.Optimizer.Kind, spec.Training.Optimizer.LearningRate, spec.Training.Optimizer.Beta1, spec.Training.Optimizer.Beta2));
        Assert.Equal((ScheduleKind.OneCycle, 10.0), (spec.Training.Schedule.Kind, spec.Training.Schedule.MaxLrFactor));
    }

    [Fact]
    public void MixedTeacherPaperWeighsEfficientNetByAlphaAndModulatesWithMinMax()
    {
        var spec = Load("mixed_teacher_paper.yaml");

        Assert.Equal(new[] { ("resnet", 1.0), ("effnet", 0.1) }, spec.Teachers.Select(t => (t.Name, t.Alpha)));
        Assert.Equal(new Dictionary<string, string> { ["stage5"] = "112×16×16", ["stage6"] = "192×8×8" }, StudentShapes(spec, 1));
        Assert.IsType<LightStudentSpec>(spec.Teachers[1].Student);
        var modulation = spec.AnomalyMap.Combination.Modulation!;
        Assert.Equal(("resnet", "effnet", ModulationNormalization.MinMax), (modulation.Modulated, modulation.Modulating, modulation.Normalization));
        Assert.Null(spec.AnomalyMap.GaussianSigma);
        Assert.Equal((200, StudentTraining.Joint), (spec.Training.Epochs, spec.Training.Students));
    }

    [Fact]
    public void MixedTeacherCodeUsesTheStride16And32StagesAPretrainedMirrorAndL2AlongHeight()
    {
        var spec = Load("mixed_teacher_code.yaml");

        Assert.Equal(new Dictionary<string, string> { ["stage5"] = "112×16×16", ["stage7"] = "320×8×8" }, StudentShapes(spec, 1));
        Assert.Equal(new MirrorStudentSpec(StudentInit.Pretrained, spec.Teachers[1].Student.Span), spec.Teachers[1].Student);
        Assert.Equal(ModulationNormalization.L2Height, spec.AnomalyMap.Combination.Modulation!.Normalization);
        Assert.Equal(StudentTraining.Separate, spec.Training.Students);
    }

    [Fact]
    public void StpmAndTheLayerStudyDifferOnlyInTheirTaps()
    {
        var stpm = Load("stpm.yaml");
        var layers12 = Load("layers_1_2.yaml");
        var layers23 = Load("layers_2_3.yaml");

        Assert.Equal(new[] { "layer1", "layer2", "layer3" }, stpm.Teachers[0].Taps.Select(t => t.Name));
        Assert.Equal(new[] { "layer1", "layer2" }, layers12.Teachers[0].Taps.Select(t => t.Name));
        Assert.Equal(new[] { "layer2", "layer3" }, layers23.Teachers[0].Taps.Select(t => t.Name));
        Assert.Equal(TapCombination.Product, stpm.AnomalyMap.OverTaps);
        string stpmBody = Body("stpm.yaml");
        Assert.Equal(stpmBody.Replace("[layer1, layer2, layer3]", "[layer1, layer2]"), Body("layers_1_2.yaml"));
        Assert.Equal(stpmBody.Replace("[layer1, layer2, layer3]", "[layer2, layer3]"), Body("layers_2_3.yaml"));
    }

    [Theory]
    [InlineData(256, "64×64×64", "128×32×32", "256×16×16")]
    [InlineData(128, "64×32×32", "128×16×16", "256×8×8")]
    public void ReverseDistillationDecodesTheUnpooledTapsAtTheTeachersShapes(int side, string layer1, string layer2, string layer3)
    {
        var spec = Load("reverse_distillation.yaml");
        spec = spec with { Input = new InputSpec(side, side, spec.Input.Span) };

        var expected = new Dictionary<string, string> { ["layer1"] = layer1, ["layer2"] = layer2, ["layer3"] = layer3 };
        Assert.Equal(expected, PooledTeacherShapes(spec, 0));
        Assert.Equal(expected, StudentShapes(spec, 0));
        Assert.Empty(Validation.DistillSpecValidator.Validate(spec));
        Assert.All(spec.Teachers[0].Taps, t => Assert.True(t.Pool is null && t.ChannelPool is null));
        Assert.Equal(new ReverseDistillationStudentSpec(2, 2, spec.Teachers[0].Student.Span), spec.Teachers[0].Student);
        Assert.Equal((FeatureDistanceKind.Cosine, TapReduction.Sum), (spec.Loss.Distance, spec.Loss.OverTaps));
        Assert.Equal((FeatureDistanceKind.Cosine, TapCombination.Sum, 4.0), (spec.AnomalyMap.Distance, spec.AnomalyMap.OverTaps, spec.AnomalyMap.GaussianSigma));
        Assert.Equal(ScoreKind.Max, spec.Score.Kind);
        var optimizer = spec.Training.Optimizer;
        Assert.Equal((OptimizerKind.Adam, 0.005, 0.5, 0.999), (optimizer.Kind, optimizer.LearningRate, optimizer.Beta1, optimizer.Beta2));
        Assert.Equal((200, 16, ScheduleKind.None), (spec.Training.Epochs, spec.Training.BatchSize, spec.Training.Schedule.Kind));
    }

    [Fact]
    public void ReverseDistillationDefaultsToTwoBlocksAndReadsAnySubsetOfTheStageTaps()
    {
        string yaml = ShippedConfigs.Read("reverse_distillation.yaml")
            .Replace("taps: [layer1, layer2, layer3]", "taps: [layer2, layer3]")
            .Replace("      bottleneck_blocks: 2\n      decoder_blocks: 2\n", "");
        var result = DistillConfigParser.Parse("rd.yaml", yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var spec = result.Spec!;

        Assert.Equal(new ReverseDistillationStudentSpec(2, 2, spec.Teachers[0].Student.Span), spec.Teachers[0].Student);
        Assert.Equal(new Dictionary<string, string> { ["layer2"] = "128×32×32", ["layer3"] = "256×16×16" }, StudentShapes(spec, 0));
    }

    /// <summary>A config's text from <c>input:</c> on (after the header comment, name and description).</summary>
    private static string Body(string fileName)
    {
        string text = ShippedConfigs.Read(fileName);
        return text.Substring(text.IndexOf("\ninput:", StringComparison.Ordinal));
    }
}
