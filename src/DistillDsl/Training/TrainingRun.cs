using System.Diagnostics;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Training.Augmentation;

namespace DistillDsl.Training;

/// <summary>One session of a training run, built fresh or from last.ckpt (<see cref="DistillTrainer"/> is the entry): the
/// epoch loop over its pieces — the images (<see cref="TrainingImages"/>), the passes of an epoch
/// (<see cref="EpochPasses"/>), model selection and early stop (<see cref="ModelSelection"/>), the checkpoints and resume
/// (<see cref="RunCheckpoints"/>), the threshold at the end (<see cref="ValidationCalibration"/>) — and the run folder's
/// log files.</summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly DistillGraph graph;
    private readonly TrainingPlan plan;
    private readonly TrainingOptions options;
    private readonly ConfigSource config;
    private readonly Action<EpochRecord>? epochCompleted;
    private readonly Action<string>? notice;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly TrainingImages images;
    private readonly IReadOnlyList<StudentGroup> groups;
    private readonly ModelSelection selection;
    private readonly RunCheckpoints checkpoints;
    private readonly TrainingForward forward;
    private readonly ProgressMeter meter;
    private readonly EpochPasses passes;
    private readonly List<EpochRecord> history = [];
    private int completedEpochs;

    public TrainingRun(DistillGraph graph, TrainingPlan plan, TrainingOptions options, ConfigSource config, TrainValidationSplit split,
                       IProgress<TrainingProgress>? progress, CancellationToken cancellation,
                       Action<EpochRecord>? epochCompleted = null, Action<string>? notice = null, Action<SkippedImage>? imageSkipped = null)
    {
        this.graph = graph;
        this.plan = plan;
        this.options = options;
        this.config = config;
        this.epochCompleted = epochCompleted;
        this.notice = notice;
        BatchAugmentation? augmentation = BatchAugmentation.For(graph.Spec);
        images = new TrainingImages(graph, plan, options, config, split, augmentation is not null, notice, imageSkipped, cancellation);
        // The schedule's length comes from the split, not from the images that could be read, so that it is the same in
        // every session of the run, whether an image is left out or repaired in between.
        groups = StudentGroup.For(graph, plan, plan.Epochs * images.TrainBatchCount);
        selection = new ModelSelection(groups, plan);
        checkpoints = new RunCheckpoints(graph, plan, options, config);

        int steps = 0;
        if (options.Resume)
        {
            TrainingState stored = checkpoints.Resume(groups, selection);
            history.AddRange(stored.History);
            completedEpochs = stored.CompletedEpochs;
            steps = stored.Steps;
            // history.csv may be an epoch ahead of last.ckpt (a crash between the two writes): last.ckpt is the truth.
            RunHistory.Write(HistoryPath, history);
        }
        else
        {
            checkpoints.RefuseExisting();
            TorchSharp.torch.manual_seed(plan.Seed);
        }
        // After the checkpoint, if any, is loaded: the fused teachers are copies.
        forward = new TrainingForward(graph, options.ChannelsLast);
        int epochsLeft = Math.Max(plan.Epochs - completedEpochs, 0);
        meter = new ProgressMeter(progress, plan.Epochs, epochsLeft * (images.TrainBatchCount + images.ValidationBatchCount));
        passes = new EpochPasses(graph, groups, forward, images, augmentation, meter, plan, checkpoints.LastPath, steps, cancellation);
    }

    public TrainingResult Run()
    {
        WriteStatus(RunStatus.RunningState, message: null);
        try
        {
            return Finish(RunEpochs());
        }
        catch (Exception e)
        {
            // An unreadable image under Stop, or any other failure: run.json must not keep saying Running. The checkpoints
            // of the last finished epoch stay for Resume.
            try { WriteStatus(RunStatus.FailedState, e.Message); }
            catch (IOException) { /* the original failure matters more */ }
            throw;
        }
    }

    public void Dispose()
    {
        foreach (StudentGroup group in groups) group.Dispose();
        forward.Dispose();
        images.Dispose();
    }

    private RunStop RunEpochs()
    {
        bool epochsLeft = completedEpochs < plan.Epochs;
        if (epochsLeft && forward.UnfusedReason is string unfused)
        {
            notice?.Invoke($"The teachers of config '{config.Name}' run unfused (the graph's own forward, slower" +
                           (options.Cache ? ", and without a feature cache, so they run every epoch" : "") + $"): {unfused}");
        }
        if (epochsLeft && forward.ChannelsLastRefused is string refused) notice?.Invoke(refused);
        if (!images.Prepare(forward, epochsLeft, (batch, batches) => meter.Caching(completedEpochs + 1, batch, batches)))
        {
            return RunStop.Cancelled(completedEpochs + 1, checkpoints.LastPath);
        }
        while (true)
        {
            if (completedEpochs >= plan.Epochs) return RunStop.Completed(plan.Epochs);
            if (selection.EarlyStopDue) return RunStop.EarlyStopped(completedEpochs, plan.EarlyStop!);
            int epoch = completedEpochs + 1;
            var clock = Stopwatch.StartNew();
            var (trainLoss, learningRate, trainStop) = passes.Train(epoch);
            if (trainStop is not null) return trainStop;
            var (validationLoss, teacherLosses, groupLosses, validationStop) = passes.Validate(epoch);
            if (validationStop is not null) return validationStop;
            var record = new EpochRecord(epoch, trainLoss, validationLoss, learningRate, clock.Elapsed)
            {
                TeacherValidationLosses = teacherLosses.Select((loss, i) => (graph.Branches[i].Name, loss)).ToDictionary(p => p.Name, p => p.loss),
                ImagesPerSecond = (images.Train.Count + images.Validation.Count) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9),
            };
            EndEpoch(record, groupLosses);
        }
    }

    /// <summary>Records the epoch, updates the selection and early-stop counts, and writes the checkpoints and history.csv.</summary>
    private void EndEpoch(EpochRecord record, double[] groupLosses)
    {
        bool improved = selection.Update(record.Epoch, groupLosses);
        record = record with { BestEpoch = selection.BestEpoch, BestValidationLoss = selection.JointBestLoss };
        history.Add(record);
        completedEpochs = record.Epoch;

        // best.ckpt first: a crash between the two writes leaves last.ckpt one epoch behind, and resuming redoes that
        // epoch, which rewrites the same best.ckpt.
        if (improved && selection.Best.IsComplete(graph)) checkpoints.WriteBest(selection.Best, selection.JointBestLoss);
        checkpoints.WriteLast(completedEpochs, passes.Steps, history, groups, selection, record.ValidationLoss);
        RunHistory.Write(HistoryPath, history);
        epochCompleted?.Invoke(record);
    }

    /// <summary>Gives the graph its best students; unless cancelled, measures their validation loss and threshold (and
    /// map normalisation) and stores them in best.ckpt; then the end-of-run files.</summary>
    private TrainingResult Finish(RunStop stop)
    {
        AnomalyThreshold? threshold = null;
        double bestLoss = double.NaN;
        if (selection.Best.IsComplete(graph))
        {
            selection.Best.RestoreInto(graph);
            bestLoss = selection.JointBestLoss;
            if (stop.Kind != TrainingStop.Cancelled && images.Validation.Count > 0)
            {
                (bestLoss, threshold) = ValidationCalibration.Run(graph, forward, images, options.ThresholdQuantile);
                checkpoints.WriteBest(selection.Best, bestLoss, threshold, graph.MapNormalization);
            }
        }
        graph.eval();
        WriteEndOfRun(stop);
        return new TrainingResult(config.Name, selection.Best.LatestEpoch, bestLoss, checkpoints.BestPath, checkpoints.LastPath, completedEpochs,
                                  meter.Elapsed, history.ToList(), stop.Kind, threshold)
        {
            StopMessage = stop.Message,
            SkippedImages = images.Skipped.ToList(),
        };
    }

    private string HistoryPath => Path.Combine(options.OutputDirectory, RunHistory.FileName);

    private void WriteStatus(string state, string? message) =>
        new RunStatus(state, config.Name, config.Sha256, options.DatasetName, plan.Epochs, Environment.ProcessId, Environment.MachineName,
                      started, DateTimeOffset.UtcNow, message, images.CacheDescription).Write(options.OutputDirectory);

    /// <summary>run.json with the stop, the loss curves, and (once nothing is left to resume) the cache files removed.</summary>
    private void WriteEndOfRun(RunStop stop)
    {
        WriteStatus(stop.Kind.ToString(), stop.Message);
        if (history.Count > 0)
        {
            byte[] png = LossCurvePlot.RenderPng(history, $"{config.Name}: loss per epoch");
            AtomicFile.Write(Path.Combine(options.OutputDirectory, LossCurvePlot.FileName), s => s.Write(png));
        }
        if (stop.Kind is TrainingStop.Completed or TrainingStop.EarlyStopped) images.DeleteCache();
    }
}
