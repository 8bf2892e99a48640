using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.Reports;
using DistillDsl.Runs;
using DistillDsl.Tests.Training;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Runs;

/// <summary>Build → train → evaluate as the module, the demo and the bench run it: one thread count for all three steps
/// and the caller's back afterwards, the run described in the report, no evaluation of a run that did not finish.</summary>
// Torch's thread count is process-wide: these tests need it to themselves.
[Collection(SerialTrainingCollection.Name)]
public class DetectorRunTests
{
    [Fact]
    public void Trains_and_evaluates_under_one_thread_count_and_restores_the_callers()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        ConfigSource config = ConfigSource.Resolve(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2))));
        int callers = get_num_threads();
        int asked = callers == 1 ? 2 : 1;
        var seenWhileTraining = new List<int>();

        EvaluationReport report;
        TrainingResult trained;
        using (DetectorRun detector = DetectorRun.Build(config, imageSize: null, new GraphBuildOptions { Seed = 3 }, threads: asked))
        {
            Assert.Equal(asked, get_num_threads());
            trained = detector.Train(images, new TrainingOptions { OutputDirectory = run.Output(), Seed = 5 }, epochCompleted: _ => seenWhileTraining.Add(get_num_threads()));
            Assert.Same(trained, detector.Trained);
            // The trainer restores what it found, which is the run's count: the evaluation runs under it too.
            Assert.Equal(asked, get_num_threads());
            Assert.True(detector.CanEvaluate);
            var test = images.Select((s, i) => s with { IsAnomalous = i % 2 == 1, DefectType = i % 2 == 1 ? "odd" : "good" }).ToList();
            report = detector.Evaluate(test, new EvaluationOptions());
        }

        Assert.Equal(callers, get_num_threads());
        Assert.Equal([asked, asked], seenWhileTraining);
        Assert.Equal(config.Sha256, report.ConfigHash);
        Assert.Equal(5, report.Seed);
        Assert.Equal(trained.Threshold!.Value, report.Threshold!.Value);
        Assert.Equal(trained.Duration.TotalSeconds, report.Timings.TrainingSeconds);
    }

    [Fact]
    public void Refuses_to_evaluate_before_training_and_after_a_cancelled_one_and_to_train_twice()
    {
        using var run = new TinyTraining();
        IReadOnlyList<DatasetSample> images = run.Images();
        ConfigSource config = ConfigSource.Resolve(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2))));
        using DetectorRun detector = DetectorRun.Build(config, imageSize: null, new GraphBuildOptions(), threads: null);

        var early = Assert.Throws<InvalidOperationException>(() => detector.Evaluate(images, new EvaluationOptions()));
        Assert.Contains("Train before evaluating", early.Message);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        TrainingResult trained = detector.Train(images, new TrainingOptions { OutputDirectory = run.Output() }, cancellation: cancelled.Token);
        Assert.Equal(TrainingStop.Cancelled, trained.Stop);
        Assert.False(detector.CanEvaluate);
        var late = Assert.Throws<InvalidOperationException>(() => detector.Evaluate(images, new EvaluationOptions()));
        Assert.Contains("Cancelled", late.Message);

        var again = Assert.Throws<InvalidOperationException>(() => detector.Train(images, new TrainingOptions { OutputDirectory = run.Output("again") }));
        Assert.Contains("already trained", again.Message);
    }

    [Fact]
    public void A_config_that_cannot_be_built_leaves_the_thread_count_as_it_was()
    {
        using var run = new TinyTraining();
        ConfigSource config = ConfigSource.Resolve(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd())));
        int callers = get_num_threads();
        int asked = callers == 1 ? 2 : 1;

        Assert.ThrowsAny<ArgumentException>(() => DetectorRun.Build(config, imageSize: 0, new GraphBuildOptions(), threads: asked));

        Assert.Equal(callers, get_num_threads());
    }
}
