using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Torch;
using DistillDsl.Training;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>What a training run does: which parameters move, the two recipes, model selection, early stop, non-finite
/// losses and cancellation. Runs are tiny (<see cref="TinyTraining"/>): 12 images, 10 for training (3 batches of 4) and 2 for validation.</summary>
public class DistillTrainerTests
{
    [Fact]
    public void Only_the_students_train_and_the_teachers_stay_frozen_in_eval_mode()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2))));
        var teacherBefore = TeacherState(graph);
        var studentBefore = TinyTraining.StudentState(graph);
        var modes = new List<(bool Teacher, bool Student, TrainingPhase Phase)>();

        new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images(),
            new SynchronousProgress<TrainingProgress>(_ => modes.Add((TeacherModule(graph).training, graph.Branches[0].Student.training, _.Phase))));

        Assert.True(TinyTraining.Identical(teacherBefore, TeacherState(graph)), "a teacher weight or batch-norm statistic changed");
        Assert.False(TinyTraining.Identical(studentBefore, TinyTraining.StudentState(graph)), "the student did not change");
        Assert.All(graph.Branches[0].Teacher.AsModule().parameters(), p => Assert.False(p.requires_grad));
        Assert.All(modes, m => Assert.False(m.Teacher));
        Assert.All(modes, m => Assert.Equal(m.Phase == TrainingPhase.Training, m.Student));
        Assert.False(graph.Branches[0].Student.training);   // handed back in eval mode
    }

    [Fact]
    public void Sgd_recipe_uses_the_run_overrides_and_lowers_the_loss()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(lr: 0.05, epochs: 9))));
        var reports = new List<TrainingProgress>();

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions
        {
            OutputDirectory = run.Output(), Epochs = 3, BatchSize = 5, LearningRate = 0.08,
        }).Train(run.Images(), new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(TrainingStop.Completed, result.Stop);
        Assert.Equal(3, result.EpochsRun);
        var training = reports.Where(r => r.Phase == TrainingPhase.Training).ToList();
        Assert.Equal(3 * 2, training.Count);                          // 10 training images in batches of 5
        Assert.All(training, r => Assert.Equal(0.08, r.LearningRate));  // constant rate, the override
        Assert.All(result.History, e => Assert.Equal(0.08, e.LearningRate));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, Losses(result));
        Assert.True(result.History[^1].ValidationLoss < result.History[0].ValidationLoss, Losses(result));
        Assert.Equal(Enumerable.Range(1, 3), reports.Where(r => r.Phase == TrainingPhase.Validation).Select(r => r.Epoch));
    }

    [Fact]
    public void Adam_with_one_cycle_follows_the_schedule_batch_by_batch_and_lowers_the_loss()
    {
        using var run = new TinyTraining();
        const double lr = 4e-4;
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(lr, epochs: 3))));
        var rates = new List<double>();

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images(),
            new SynchronousProgress<TrainingProgress>(r => { if (r.Phase == TrainingPhase.Training) rates.Add(r.LearningRate); }));

        // PyTorch's OneCycleLR (cosine, pct_start 0.3, div_factor 25, final_div_factor 1e4) over 3 epochs × 3 batches,
        // written out here independently: peak 10 × lr at step 0.3 × 9 − 1 = 1.7, start peak / 25, end start / 1e4.
        const int steps = 9;
        double peak = 10 * lr, start = peak / 25, end = start / 1e4, warmupEnd = 0.3 * steps - 1;
        var expected = Enumerable.Range(0, steps).Select(s => s <= warmupEnd
            ? Cosine(start, peak, s / warmupEnd)
            : Cosine(peak, end, (s - warmupEnd) / (steps - 1 - warmupEnd))).ToList();
        Assert.Equal(steps, rates.Count);
        for (int s = 0; s < steps; s++) Assert.Equal(expected[s], rates[s], 1e-12);
        Assert.Equal(rates[^1], result.History[^1].LearningRate);
        Assert.True(result.History[^1].ValidationLoss < result.History[0].ValidationLoss, Losses(result));

        static double Cosine(double from, double to, double fraction) => to + (from - to) / 2 * (Math.Cos(Math.PI * fraction) + 1);
    }

    [Fact]
    public void Best_checkpoint_holds_the_epoch_with_the_lowest_validation_loss_and_the_graph_ends_with_it()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 6)));
        using DistillGraph graph = TinyTraining.Graph(config);

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images());

        int lowest = result.History.MinBy(e => e.ValidationLoss)!.Epoch;
        Assert.Equal(lowest, result.BestEpoch);
        Assert.True(result.BestEpoch < result.EpochsRun, $"the loss fell every epoch ({Losses(result)}), so this run cannot tell best from last");
        Assert.Equal(result.History[lowest - 1].ValidationLoss, result.BestValidationLoss, 1e-6);

        DistillCheckpoint best = DistillCheckpoint.Read(result.BestCheckpointPath);
        DistillCheckpoint last = DistillCheckpoint.Read(result.LastCheckpointPath);
        Assert.Equal((lowest, result.BestValidationLoss), (best.Epoch, best.ValidationLoss));
        Assert.Equal(result.EpochsRun, last.Epoch);
        Assert.Equal(result.Threshold, best.Threshold);
        Assert.True(TinyTraining.Identical(TinyTraining.StudentState(graph), StudentsOf(best, config)), "the graph does not hold the best students");
        Assert.False(TinyTraining.Identical(StudentsOf(best, config), StudentsOf(last, config)), "best.ckpt holds the last students");
    }

    [Fact]
    public void Checkpoint_rule_last_keeps_the_last_epoch()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 3, extra: "  checkpoint: last")));
        using DistillGraph graph = TinyTraining.Graph(config);

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images());

        Assert.Equal(3, result.BestEpoch);
        Assert.True(TinyTraining.Identical(StudentsOf(DistillCheckpoint.Read(result.BestCheckpointPath), config),
                                           StudentsOf(DistillCheckpoint.Read(result.LastCheckpointPath), config)));
    }

    [Fact]
    public void Separately_trained_students_each_keep_the_epoch_of_their_own_lowest_teacher_loss()
    {
        using var run = new TinyTraining();
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.AdamOneCycle(epochs: 6, extra: "  students: separate"), twoTeachers: true));
        using DistillGraph graph = TinyTraining.Graph(config);

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images());

        DistillCheckpoint best = DistillCheckpoint.Read(result.BestCheckpointPath);
        foreach (string teacher in new[] { "resnet", "second" })
        {
            Assert.Equal(result.History.MinBy(e => e.TeacherValidationLosses[teacher])!.Epoch, best.StudentEpochs[teacher]);
        }
        Assert.NotEqual(best.StudentEpochs["resnet"], best.StudentEpochs["second"]);   // so the selection really is per student
        Assert.Equal(best.StudentEpochs.Values.Max(), result.BestEpoch);
        Assert.True(TinyTraining.Identical(TinyTraining.StudentState(graph), StudentsOf(best, config)));
        // Two students from different epochs: their total validation loss is measured at the end, and is below every epoch's.
        Assert.True(result.BestValidationLoss <= result.History.Min(e => e.ValidationLoss), Losses(result));
    }

    [Fact]
    public void Early_stop_ends_the_run_after_patience_epochs_without_enough_improvement()
    {
        using var run = new TinyTraining();
        // min_delta 1 is more than any improvement of these losses (about 0.5), so only epoch 1 counts as one.
        string config = run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 10, extra: "  early_stop: { patience: 2, min_delta: 1.0 }")));
        IReadOnlyList<DatasetSample> images = run.Images();
        using DistillGraph graph = TinyTraining.Graph(config);

        TrainingResult stopped = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output("stopped") }).Train(images);
        TrainingResult overridden = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output("all"), EarlyStop = false, Epochs = 4 }).Train(images);

        Assert.Equal((TrainingStop.EarlyStopped, 3), (stopped.Stop, stopped.EpochsRun));
        Assert.Contains("after epoch 3", stopped.StopMessage);
        Assert.Equal((TrainingStop.Completed, 4), (overridden.Stop, overridden.EpochsRun));
    }

    [Fact]
    public void A_non_finite_loss_stops_the_run_and_keeps_the_last_good_checkpoints()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 4))));

        // Weights going non-finite mid-run (what an exploding learning rate does), injected at an exact batch: after the
        // first step of epoch 2 one student weight becomes NaN, so the loss of batch 2 is NaN.
        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images(),
            new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p is { Epoch: 2, Batch: 1, Phase: TrainingPhase.Training })
                {
                    using var noGrad = no_grad();
                    ScalarArithmetic.FillInPlace(graph.Branches[0].Student.parameters().First(), double.NaN);
                }
            }));

        Assert.Equal(TrainingStop.NonFiniteLoss, result.Stop);
        Assert.Contains("The training loss became NaN at epoch 2, batch 2", result.StopMessage);
        Assert.Contains("epoch 1 are kept", result.StopMessage);
        Assert.Equal(1, result.EpochsRun);
        DistillCheckpoint last = DistillCheckpoint.Read(result.LastCheckpointPath);
        Assert.Equal(1, last.Epoch);
        Assert.True(last.IsResumable);
        Assert.Equal(1, DistillCheckpoint.Read(result.BestCheckpointPath).Epoch);
        Assert.NotNull(result.Threshold);
        Assert.All(TinyTraining.StudentState(graph).Values, t => Assert.True(t.isfinite().all().item<bool>(), "the graph kept non-finite students"));
    }

    [Fact]
    public void An_exploding_learning_rate_is_stopped_with_a_clear_message()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(lr: 1e30, epochs: 3))));

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images());

        Assert.Equal(TrainingStop.NonFiniteLoss, result.Stop);
        Assert.Contains("learning rate 1E+30", result.StopMessage);
        Assert.Contains("lower learning rate", result.StopMessage);
    }

    [Fact]
    public void Cancelling_stops_at_once_and_leaves_a_resumable_last_checkpoint()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 5))));
        using var cancellation = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();

        TrainingResult result = new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images(),
            new SynchronousProgress<TrainingProgress>(p =>
            {
                reports.Add(p);
                if (p is { Epoch: 2, Batch: 2, Phase: TrainingPhase.Training }) cancellation.Cancel();
            }), cancellation.Token);

        Assert.Equal(TrainingStop.Cancelled, result.Stop);
        Assert.Equal((2, 2), (reports[^1].Epoch, reports[^1].Batch));   // no batch after the cancellation
        Assert.Equal(1, result.EpochsRun);
        Assert.Null(result.Threshold);
        Assert.Contains("holds epoch 1", result.StopMessage);
        DistillCheckpoint last = DistillCheckpoint.Read(result.LastCheckpointPath);
        Assert.Equal(1, last.Epoch);
        Assert.True(last.IsResumable);
    }

    [Fact]
    public void Progress_reports_every_batch_with_throughput_and_time_left()
    {
        using var run = new TinyTraining();
        using DistillGraph graph = TinyTraining.Graph(run.WriteConfig(TinyTraining.Config(TinyTraining.Sgd(epochs: 2))));
        var reports = new List<TrainingProgress>();

        new DistillTrainer(graph, new TrainingOptions { OutputDirectory = run.Output() }).Train(run.Images(), new SynchronousProgress<TrainingProgress>(reports.Add));

        // First the cache of the 3 training batches and the 1 validation batch; then per epoch: 3 training batches, then 1
        // validation batch.
        Assert.Equal([(1, 1, 3, TrainingPhase.Caching), (1, 2, 3, TrainingPhase.Caching), (1, 3, 3, TrainingPhase.Caching), (1, 1, 1, TrainingPhase.Caching),
                      (1, 1, 3, TrainingPhase.Training), (1, 2, 3, TrainingPhase.Training), (1, 3, 3, TrainingPhase.Training), (1, 1, 1, TrainingPhase.Validation),
                      (2, 1, 3, TrainingPhase.Training), (2, 2, 3, TrainingPhase.Training), (2, 3, 3, TrainingPhase.Training), (2, 1, 1, TrainingPhase.Validation)],
                     reports.Select(r => (r.Epoch, r.Batch, r.Batches, r.Phase)));
        Assert.All(reports, r => Assert.Equal(2, r.Epochs));
        var epochs = reports.Where(r => r.Phase != TrainingPhase.Caching).ToList();
        Assert.All(epochs, r => Assert.True(r.ImagesPerSecond > 0 && double.IsFinite(r.Loss) && r.Loss > 0));
        Assert.Equal(TimeSpan.Zero, reports[^1].EstimatedRemaining);
        Assert.True(epochs[0].EstimatedRemaining > TimeSpan.Zero);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Elapsed >= p.First.Elapsed));
    }

    private static nn.Module TeacherModule(DistillGraph graph) => graph.Branches[0].Teacher.AsModule();

    private static Dictionary<string, Tensor> TeacherState(DistillGraph graph) =>
        graph.Branches.SelectMany(b => b.Teacher.AsModule().state_dict().Select(p => ($"{b.Name}/{p.Key}", p.Value.detach().clone())))
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>The students a checkpoint holds, loaded into a fresh graph of the config.</summary>
    private static Dictionary<string, Tensor> StudentsOf(DistillCheckpoint checkpoint, string config)
    {
        using DistillGraph graph = TinyTraining.Graph(config);
        checkpoint.LoadStudentsInto(graph);
        return TinyTraining.StudentState(graph);
    }

    private static string Losses(TrainingResult result) =>
        string.Join("; ", result.History.Select(e => $"epoch {e.Epoch}: train {e.TrainLoss:F4}, validation {e.ValidationLoss:F4}"));
}
