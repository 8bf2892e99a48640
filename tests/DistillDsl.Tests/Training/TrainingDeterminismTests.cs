using System.Runtime;
using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Torch;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>Tests that need torch's process-wide state to themselves: bitwise reproducibility (the intra-op thread count is
/// global, so every run here sets <see cref="TrainingOptions.Threads"/> = 1) and the live tensor count (a global counter).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTrainingCollection
{
    public const string Name = "Training with torch's global state to itself";
}

[Collection(SerialTrainingCollection.Name)]
public class TrainingDeterminismTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_resumed_run_ends_exactly_like_an_uninterrupted_one(bool separateStudents)
    {
        using var run = new TinyTraining();
        // Adam + OneCycle: the resumed run must restore Adam's moments and the schedule's position, not just the weights.
        string config = run.WriteConfig(TinyTraining.Config(
            TinyTraining.AdamOneCycle(epochs: 4, extra: separateStudents ? "  students: separate" : ""), twoTeachers: separateStudents));
        IReadOnlyList<DatasetSample> images = run.Images();
        var options = new TrainingOptions { OutputDirectory = run.Output("uninterrupted"), Seed = 5, Threads = 1 };

        using DistillGraph uninterruptedGraph = TinyTraining.Graph(config);
        TrainingResult uninterrupted = new DistillTrainer(uninterruptedGraph, options).Train(images);

        // The same run, "crashed" in epoch 3 (after two finished epochs), then resumed by a new process with a new graph.
        var interruptedOptions = options with { OutputDirectory = run.Output("interrupted") };
        using var cancellation = new CancellationTokenSource();
        using (DistillGraph firstGraph = TinyTraining.Graph(config))
        {
            TrainingResult crashed = new DistillTrainer(firstGraph, interruptedOptions).Train(images,
                new SynchronousProgress<TrainingProgress>(p => { if (p is { Epoch: 3, Batch: 2 }) cancellation.Cancel(); }), cancellation.Token);
            Assert.Equal((TrainingStop.Cancelled, 2), (crashed.Stop, crashed.EpochsRun));
        }
        using DistillGraph resumedGraph = TinyTraining.Graph(config);
        using (no_grad())
        {
            foreach (var parameter in resumedGraph.StudentParameters()) ScalarArithmetic.FillInPlace(parameter, 0.5);   // the checkpoint's students must win
        }
        TrainingResult resumed = new DistillTrainer(resumedGraph, interruptedOptions with { Resume = true }).Train(images);

        Assert.Equal(TrainingStop.Completed, resumed.Stop);
        Assert.True(TinyTraining.Identical(TinyTraining.StudentState(uninterruptedGraph), TinyTraining.StudentState(resumedGraph)),
                    "the best students differ");
        Assert.True(TinyTraining.Identical(LastStudents(uninterrupted, config), LastStudents(resumed, config)), "the last students differ");
        Assert.Equal((uninterrupted.BestEpoch, uninterrupted.BestValidationLoss), (resumed.BestEpoch, resumed.BestValidationLoss));
        Assert.Equal(Losses(uninterrupted), Losses(resumed));
        Assert.Equal(uninterrupted.Threshold, resumed.Threshold);
        Assert.Equal(4, resumed.EpochsRun);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_split_is_the_seeded_one()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2)));
        IReadOnlyList<DatasetSample> images = run.Images();

        TrainingResult first = Train("first", seed: 3);
        TrainingResult again = Train("again", seed: 3);
        TrainingResult other = Train("other", seed: 4);

        Assert.Equal(Losses(first), Losses(again));
        Assert.NotEqual(Losses(first).Select(l => l.Validation), Losses(other).Select(l => l.Validation));

        // The stored threshold is the 0.99 quantile of the scores of exactly TrainValidationSplit's validation images for the
        // seed, scored as evaluation and inference score them (GraphScoring), so it applies to the same numbers.
        DistillCheckpoint best = DistillCheckpoint.Read(first.BestCheckpointPath);
        using DistillGraph graph = best.BuildGraph();
        var validation = TrainValidationSplit.Split(images, 0.2, seed: 3).Validation;
        Assert.Equal(2, validation.Count);
        using var scope = NewDisposeScope();
        Tensor rgb = stack(validation.Select(s => ImagePreprocessing.Rgb(TinyTraining.Side).LoadRgb(s.ImagePath)).ToArray());
        using var scoring = new DistillDsl.Evaluation.GraphScoring(graph);
        Assert.True(scoring.IsFast);
        float[] scores = scoring.Run(rgb, copyMaps: false).Scores;
        Assert.Equal(DistillDsl.Metrics.AnomalyThreshold.FromQuantile(scores, 0.99), best.Threshold);

        TrainingResult Train(string name, int seed)
        {
            using DistillGraph graph = TinyTraining.Graph(config);
            return new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(name), Seed = seed, Threads = 1 }).Train(images);
        }
    }

    [Fact]
    public void Live_tensors_do_not_grow_after_the_first_epoch()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 5))));
        IReadOnlyList<DatasetSample> images = run.Images();
        var liveAtEpochEnd = new List<long>();

        // Live tensors (Tensor.TotalCount, all threads) at the end of each epoch: after its last validation batch was
        // disposed, with no batch being prefetched. The garbage collector is held off for the run (and earlier tests'
        // garbage collected before it), so a tensor left undisposed stays counted instead of being freed by a finalizer.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(GC.TryStartNoGCRegion(200_000_000), "could not hold off the garbage collector");
        try
        {
            new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output(), Threads = 1 }).Train(images,
                new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (p.Phase == TrainingPhase.Validation && p.Batch == p.Batches) liveAtEpochEnd.Add(Tensor.TotalCount);
                }));
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);   // the run stayed within the region: no collection
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }

        Assert.Equal(5, liveAtEpochEnd.Count);
        Assert.All(liveAtEpochEnd.Skip(1), count => Assert.Equal(liveAtEpochEnd[0], count));
    }

    private static List<(double Train, double Validation, double LearningRate)> Losses(TrainingResult result) =>
        result.History.Select(e => (e.TrainLoss, e.ValidationLoss, e.LearningRate)).ToList();

    private static Dictionary<string, Tensor> LastStudents(TrainingResult result, string config)
    {
        using DistillGraph graph = TinyTraining.Graph(config);
        DistillCheckpoint.Read(result.LastCheckpointPath).LoadStudentsInto(graph);
        return TinyTraining.StudentState(graph);
    }
}
