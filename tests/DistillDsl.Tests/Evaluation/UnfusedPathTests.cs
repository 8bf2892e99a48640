using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Inference;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Tests.Training;
using DistillDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Evaluation;

/// <summary>A graph with a module the fusion does not know runs through its own modules, and every path says so once,
/// naming the module, instead of silently being slower.</summary>
public class UnfusedPathTests
{
    [Fact]
    public void Scoring_training_and_evaluation_of_a_graph_the_fusion_cannot_fuse_say_why()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1))));
        var conv1 = (Conv2d)graph.Branches[0].Teacher.AsModule().named_children().Single(c => c.name == "conv1").module;
        conv1.padding_mode = PaddingModes.Reflect;
        const string Reason = "padding mode Reflect";

        using (var scoring = new GraphScoring(graph))
        {
            Assert.False(scoring.IsFast);
            Assert.Contains(Reason, scoring.UnfusedReason);
        }
        using (var forward = new TrainingForward(graph))
        {
            Assert.False(forward.UsesFusedTeachers);
            Assert.Contains(Reason, forward.UnfusedReason);
        }

        var notices = new List<string>();
        new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), Threads = 1 }).Train(images, notice: notices.Add);
        string notice = Assert.Single(notices, n => n.Contains("unfused"));
        Assert.Contains(Reason, notice);
        Assert.Contains("without a feature cache", notice);

        var test = images.Select((s, i) => s with { IsAnomalous = i % 2 == 1, DefectType = i % 2 == 1 ? "odd" : "good" }).ToList();
        EvaluationReport report = new GraphEvaluator(graph, new EvaluationOptions()).Evaluate(test);
        Assert.Contains(Reason, report.Timings.UnfusedReason);
        Assert.Contains(Reason, MarkdownSummary.Format(report, ReportLayout.Standard));

        var detector = new AnomalyDetector(graph, AnomalyThreshold.FromQuantile([0f, 1f], 0.5));
        Assert.Contains(Reason, detector.UnfusedReason);
    }

    [Fact]
    public void A_graph_the_fusion_knows_reports_no_reason()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1))));

        using var scoring = new GraphScoring(graph);
        using var forward = new TrainingForward(graph);

        Assert.Null(scoring.UnfusedReason);
        Assert.Null(forward.UnfusedReason);
        Assert.Null(new AnomalyDetector(graph, AnomalyThreshold.FromQuantile([0f, 1f], 0.5)).UnfusedReason);
    }

    [Fact]
    public void Scoring_evaluation_and_inference_say_when_the_fused_path_runs_nchw_because_channels_last_is_wrong_here()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 1))));
        // Whatever this machine's LibTorch does: null where its channels-last convolutions are right, the probe's reason where not.
        string? expected = DistillDsl.Fusion.ChannelsLastSupport.Problem;

        using (var scoring = new GraphScoring(graph))
        {
            Assert.True(scoring.IsFast);
            Assert.Equal(expected, scoring.ChannelsLastRefused);
        }
        var test = images.Select((s, i) => s with { IsAnomalous = i % 2 == 1, DefectType = i % 2 == 1 ? "odd" : "good" }).ToList();
        EvaluationReport report = new GraphEvaluator(graph, new EvaluationOptions()).Evaluate(test);
        Assert.Equal(expected, report.Timings.ChannelsLastRefused);
        Assert.Equal(expected is not null, MarkdownSummary.Format(report, ReportLayout.Standard).Contains("ran NCHW, not channels-last"));
        Assert.Equal(expected, new AnomalyDetector(graph, AnomalyThreshold.FromQuantile([0f, 1f], 0.5)).ChannelsLastRefused);
    }
}
