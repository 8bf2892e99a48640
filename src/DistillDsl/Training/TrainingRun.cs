using System.Diagnostics;
using System.Globalization;
using DistillDsl.Checkpoints;
using DistillDsl.Configs;
using DistillDsl.Data;
using DistillDsl.Evaluation;
using DistillDsl.Graphs;
using DistillDsl.IO;
using DistillDsl.Metrics;
using DistillDsl.Reports;
using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using DistillDsl.Training.Augmentation;
using DistillDsl.Training.Cache;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>One session of a training run: its state (epochs done, optimiser steps, history, model selection, best
/// students), the epoch loop, and the checkpoints. Built fresh or from last.ckpt; <see cref="DistillTrainer"/> is the entry.</summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly DistillGraph graph;
    private readonly TrainingPlan plan;
    private readonly TrainingOptions options;
    private readonly ConfigSource config;
    private readonly TrainValidationSplit split;
    private readonly CancellationToken cancellation;
    private readonly string bestPath;
    private readonly string lastPath;
    private readonly ImagePreprocessing preprocessing;
    // The images that can be read (all of the split's unless some were skipped), and their streams; set before the first epoch.
    private IReadOnlyList<DatasetSample> trainSamples;
    private IReadOnlyList<DatasetSample> validationSamples;
    private BatchStream trainStream;
    private BatchStream validationStream;
    private readonly List<SkippedImage> skipped = [];
    private readonly Action<SkippedImage>? imageSkipped;
    private readonly IReadOnlyList<StudentGroup> groups;
    private readonly BestStudents best = new();
    private readonly List<EpochRecord> history = [];
    private readonly GroupState[] selection;
    private readonly ProgressMeter meter;
    private readonly TrainingForward forward;
    private readonly BatchAugmentation? augmentation;
    private readonly Action<EpochRecord>? epochCompleted;
    private readonly Action<string>? notice;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private TrainingCache? trainCache;
    private TrainingCache? validationCache;
    private int completedEpochs;
    private int steps;

    public TrainingRun(DistillGraph graph, TrainingPlan plan, TrainingOptions options, ConfigSource config, TrainValidationSplit split,
                       IProgress<TrainingProgress>? progress, CancellationToken cancellation,
                       Action<EpochRecord>? epochCompleted = null, Action<string>? notice = null, Action<SkippedImage>? imageSkipped = null)
    {
        this.epochCompleted = epochCompleted;
        this.imageSkipped = imageSkipped;
        augmentation = BatchAugmentation.For(graph.Spec);
        this.notice = notice;
        this.graph = graph;
        this.plan = plan;
        this.options = options;
        this.config = config;
        this.split = split;
        this.cancellation = cancellation;
        bestPath = Path.Combine(options.OutputDirectory, DistillTrainer.BestCheckpointName);
        lastPath = Path.Combine(options.OutputDirectory, DistillTrainer.LastCheckpointName);

        preprocessing = ImagePreprocessing.Rgb(plan.ImageSize);
        trainSamples = split.Train;
        validationSamples = split.Validation;
        (trainStream, validationStream) = Streams();
        // The schedule's length comes from the split, not from the images that could be read, so that it is the same in
        // every session of the run, whether an image is left out or repaired in between.
        groups = StudentGroup.For(graph, plan, plan.Epochs * trainStream.BatchCount);
        selection = groups.Select(g => new GroupState(g.Name, g.Branches.Select(b => b.Name).ToList(), 0, double.PositiveInfinity, double.PositiveInfinity, 0)).ToArray();

        if (options.Resume) ResumeFromLast();
        else StartFresh();
        // After the checkpoint, if any, is loaded: the fused teachers are copies.
        forward = new TrainingForward(graph, options.ChannelsLast);
        int epochsLeft = Math.Max(plan.Epochs - completedEpochs, 0);
        meter = new ProgressMeter(progress, plan.Epochs, epochsLeft * (trainStream.BatchCount + validationStream.BatchCount));
    }

    public TrainingResult Run()
    {
        WriteStatus(RunStatus.RunningState, message: null);
        try
        {
            return RunEpochs();
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

    private TrainingResult RunEpochs()
    {
        Stop stop;
        if (!PrepareData()) return Finish(Cancelled(completedEpochs + 1));
        while (true)
        {
            if (completedEpochs >= plan.Epochs)
            {
                stop = new Stop(TrainingStop.Completed, $"Trained all {plan.Epochs} epochs.");
                break;
            }
            if (EarlyStopDue)
            {
                stop = new Stop(TrainingStop.EarlyStopped,
                    $"Stopped early after epoch {completedEpochs}: the validation loss did not improve by more than {Invariant(plan.EarlyStop!.MinDelta)} for {plan.EarlyStop.Patience} epochs.");
                break;
            }
            int epoch = completedEpochs + 1;
            var clock = Stopwatch.StartNew();
            var (trainLoss, learningRate, trainStop) = TrainEpoch(epoch);
            if (trainStop is not null) { stop = trainStop; break; }
            var (validationLoss, teacherLosses, groupLosses, validationStop) = Validate(epoch);
            if (validationStop is not null) { stop = validationStop; break; }
            var record = new EpochRecord(epoch, trainLoss, validationLoss, learningRate, clock.Elapsed)
            {
                TeacherValidationLosses = teacherLosses.Select((loss, i) => (graph.Branches[i].Name, loss)).ToDictionary(p => p.Name, p => p.loss),
                ImagesPerSecond = (trainSamples.Count + validationSamples.Count) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9),
            };
            EndEpoch(record, groupLosses);
        }
        return Finish(stop);
    }

    public void Dispose()
    {
        foreach (StudentGroup group in groups) group.Dispose();
        forward.Dispose();
        trainCache?.Dispose();
        validationCache?.Dispose();
    }

    /// <summary>The folder of the run's cache files, when a cache is too large for memory.</summary>
    public static string CacheFolder(string outputDirectory) => Path.Combine(outputDirectory, "cache");

    /// <summary>Finds the images that can be read and builds (or reuses) the training and validation caches when asked and
    /// possible; false when cancelled. Every image is decoded once here, by the cache build or else by a screening pass, so
    /// that an unreadable one stops the run (BadImages = Stop) before any epoch work, or is left out of training or
    /// validation for the whole session (SkipAndReport), in the cached and the uncached run alike.</summary>
    private bool PrepareData()
    {
        bool epochsLeft = completedEpochs < plan.Epochs;
        bool cached = options.Cache && epochsLeft && forward.UsesFusedTeachers;
        if (epochsLeft && forward.UnfusedReason is string unfused)
        {
            notice?.Invoke($"The teachers of config '{config.Name}' run unfused (the graph's own forward, slower" +
                           (options.Cache ? ", and without a feature cache, so they run every epoch" : "") + $"): {unfused}");
        }
        if (cached)
        {
            if (!PrepareCaches()) return false;
        }
        else
        {
            // A finished run only scores its validation images again.
            if (epochsLeft) trainSamples = Readable(SampleScreening.Screen(split.Train, options.BadImages));
            validationSamples = Readable(SampleScreening.Screen(split.Validation, options.BadImages));
        }
        if (epochsLeft && trainSamples.Count == 0)
        {
            throw new DatasetException(skipped[0].FileAtFault, $"{skipped[0].Reason} (none of the {split.Train.Count} training images can be read)");
        }
        if (plan.NeedsValidation && validationSamples.Count == 0 && split.Validation.Count > 0)
        {
            SkippedImage first = skipped.First(s => split.Validation.Any(v => v.ImagePath == s.ImagePath));
            throw new DatasetException(first.FileAtFault,
                $"{first.Reason} (none of the {split.Validation.Count} validation images can be read, and config '{config.Name}' picks the best epoch " +
                "by validation loss or stops early)");
        }
        (trainStream, validationStream) = Streams();
        return true;
    }

    private IReadOnlyList<DatasetSample> Readable((IReadOnlyList<DatasetSample> Readable, IReadOnlyList<SampleProblem> Problems) screened) =>
        Readable(screened.Readable, screened.Problems);

    private IReadOnlyList<DatasetSample> Readable(IReadOnlyList<DatasetSample> readable, IReadOnlyList<SampleProblem> problems)
    {
        foreach (SampleProblem problem in problems) Skip(problem);
        return readable;
    }

    /// <summary>Lists an image left out (once, however often it is met) and tells the caller.</summary>
    private void Skip(SampleProblem problem)
    {
        if (skipped.Any(s => s.ImagePath == problem.Sample.ImagePath)) return;
        var image = new SkippedImage(problem.Sample.ImagePath, problem.Path, problem.Reason);
        skipped.Add(image);
        imageSkipped?.Invoke(image);
    }

    /// <summary>The streams of the readable images. Without a cache they read the files every epoch: an image that becomes
    /// unreadable during the run is then met by the policy there (Stop: the run fails with last.ckpt of the last finished
    /// epoch kept; SkipAndReport: it is left out of that pass and listed).</summary>
    private (BatchStream Train, BatchStream Validation) Streams() =>
        (new BatchStream(trainSamples, preprocessing, plan.BatchSize, graph.Device, shuffleSeed: plan.Seed, badSamples: options.BadImages, onProblem: Skip),
         new BatchStream(validationSamples, preprocessing, plan.BatchSize, graph.Device, badSamples: options.BadImages, onProblem: Skip));

    /// <summary>Builds (or reuses) the training and validation caches; false when cancelled.</summary>
    private bool PrepareCaches()
    {
        graph.eval(); // only the teachers run while caching
        long budget = options.CacheMemoryBytes;
        string root = CacheFolder(options.OutputDirectory);
        // Null when cancelled; a set none of whose images can be read is left empty (the caller decides if that is fatal).
        TrainingCache? Build(string part, IReadOnlyList<DatasetSample> samples, bool teacherTaps, Action<IReadOnlyList<DatasetSample>> readable)
        {
            if (samples.Count == 0) return null;
            string key = CacheKey.Compute(graph, config.Sha256, plan.ImageSize, forward.ChannelsLast, options.CachePrecision, samples, teacherTaps);
            TrainingCache? cache = TrainingCache.Build(samples, graph, forward, plan.ImageSize, plan.BatchSize, options.CachePrecision, key,
                Path.Combine(root, part), budget, (batch, batches) => meter.Caching(completedEpochs + 1, batch, batches), notice, cancellation, teacherTaps,
                options.BadImages, out IReadOnlyList<SampleProblem> problems);
            readable(Readable(cache?.Samples ?? [], problems));
            if (cache is null) return null;
            if (cache.Folder is null) budget -= cache.Bytes;
            notice?.Invoke($"Cached the {part} set: {cache.Description}.");
            return cache;
        }
        // Augmented training images differ every epoch, and so do their teacher features: only the images are cached.
        trainCache = Build("train", split.Train, teacherTaps: augmentation is null, r => trainSamples = r);
        if (trainCache is null) return !cancellation.IsCancellationRequested;
        validationCache = Build("validation", split.Validation, teacherTaps: true, r => validationSamples = r);
        return validationCache is not null || !cancellation.IsCancellationRequested;
    }

    /// <summary>One pass over the training (shuffled for the epoch) or validation images: from the cache when there is
    /// one, else streamed from the files.</summary>
    private IEnumerable<TrainingBatch> Batches(bool training, int epoch)
    {
        TrainingCache? cache = training ? trainCache : validationCache;
        if (cache is not null) return cache.Epoch(training ? epoch : 0, training ? plan.Seed : null, plan.BatchSize, graph.Device);
        BatchStream stream = training ? trainStream : validationStream;
        return stream.Epoch(training ? epoch : 0).Select(TrainingBatch.Streamed);
    }

    private bool EarlyStopDue => plan.EarlyStop is { } rule && selection.All(s => s.EpochsWithoutImprovement >= rule.Patience);

    private (double Loss, double LearningRate, Stop? Stop) TrainEpoch(int epoch)
    {
        graph.train();
        double lossSum = 0, learningRate = double.NaN;
        int images = 0, batch = 0;
        // Draws per (seed, epoch): a resumed run redoes whole epochs with the same changes.
        using Generator? draws = augmentation is null ? null : BatchAugmentation.EpochGenerator(plan.Seed, epoch);
        foreach (TrainingBatch data in Batches(training: true, epoch))
        {
            double total;
            int count = data.Count;
            using (data)
            {
                if (cancellation.IsCancellationRequested) return (double.NaN, double.NaN, Cancelled(epoch));
                learningRate = groups[0].Optimizer.LearningRate;
                total = TrainStep(data, draws);
            }
            batch++;
            if (!double.IsFinite(total)) return (double.NaN, double.NaN, NonFinite("training", total, epoch, batch, learningRate));
            lossSum += total * count;
            images += count;
            meter.Batch(TrainingPhase.Training, epoch, batch, trainStream.BatchCount, count, lossSum / images, learningRate);
        }
        return (lossSum / images, learningRate, null);
    }

    /// <summary>One optimiser step of every group on a batch; returns the batch's total loss. A non-finite loss takes no step.</summary>
    private double TrainStep(TrainingBatch data, Generator? draws)
    {
        using var scope = NewDisposeScope();
        // Augmented, the teachers run on the changed images: the same input for teacher and student.
        Tensor images = augmentation is null ? data.Images : augmentation.Apply(data.Images, draws!);
        using GraphFeatures features = forward.Features(images, augmentation is null ? data.TeacherTaps : null);
        var losses = groups.Select(g => g.Loss(graph, features)).ToList();
        double total = StudentGroup.Total(groups, losses.Select(l => (double)l.item<float>()).ToList());
        if (!double.IsFinite(total)) return total;

        foreach (StudentGroup group in groups) group.Optimizer.ZeroGrad();
        // Each student's parameters reach only its own group's loss, so one backward pass of the sum gives every group
        // exactly the gradients of its own loss.
        losses.Aggregate((sum, loss) => sum + loss).backward();
        foreach (StudentGroup group in groups) group.Optimizer.Step();
        steps++;
        return total;
    }

    /// <summary>The epoch's mean validation losses (total, per teacher, per group), eval mode, no gradients.</summary>
    private (double Total, double[] Teachers, double[] Groups, Stop? Stop) Validate(int epoch)
    {
        if (validationSamples.Count == 0) return (double.NaN, [], groups.Select(_ => double.NaN).ToArray(), null);
        graph.eval();
        using var noGrad = no_grad();
        var teacherSums = new double[graph.Branches.Count];
        double totalSum = 0;
        int images = 0, batch = 0;
        foreach (TrainingBatch data in Batches(training: false, epoch))
        {
            double[] teacherLosses;
            double total;
            int count = data.Count;
            using (data)
            {
                if (cancellation.IsCancellationRequested) return (double.NaN, [], [], Cancelled(epoch));
                using var scope = NewDisposeScope();
                using GraphFeatures features = forward.Features(data.Images, data.TeacherTaps);
                (teacherLosses, total) = Losses(features);
            }
            batch++;
            if (!double.IsFinite(total)) return (double.NaN, [], [], NonFinite("validation", total, epoch, batch, groups[0].Optimizer.LearningRate));
            for (int i = 0; i < teacherSums.Length; i++) teacherSums[i] += teacherLosses[i] * count;
            totalSum += total * count;
            images += count;
            meter.Batch(TrainingPhase.Validation, epoch, batch, validationStream.BatchCount, count, totalSum / images, double.NaN);
        }
        double[] teacherMeans = teacherSums.Select(sum => sum / images).ToArray();
        double totalMean = totalSum / images;
        return (totalMean, teacherMeans, groups.Select(g => g.SelectionLoss(graph, teacherMeans, totalMean)).ToArray(), null);
    }

    /// <summary>Each teacher's loss without alpha (config order) and their total, Σ alpha × teacher loss (Eq. 8).</summary>
    private (double[] Teachers, double Total) Losses(GraphFeatures features)
    {
        double[] teachers = graph.Branches.Select(b => (double)graph.TeacherLoss(features, b.Name).item<float>()).ToArray();
        double total = 0;
        for (int i = 0; i < teachers.Length; i++) total += graph.Branches[i].Spec.Alpha * teachers[i];
        return (teachers, total);
    }

    /// <summary>Records the epoch, updates each group's selection and early-stop count, and writes the checkpoints.</summary>
    private void EndEpoch(EpochRecord record, double[] groupLosses)
    {
        bool improved = false;
        double minDelta = plan.EarlyStop?.MinDelta ?? 0;
        for (int i = 0; i < groups.Count; i++)
        {
            GroupState state = selection[i];
            double loss = groupLosses[i];
            // Early stopping counts epochs since the loss last beat its lowest value by more than min_delta.
            state = loss < state.LowestLoss - minDelta
                ? state with { LowestLoss = loss, EpochsWithoutImprovement = 0 }
                : state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
            if (plan.CheckpointRule == CheckpointRule.Last || loss < state.BestLoss)
            {
                state = state with { BestEpoch = record.Epoch, BestLoss = loss };
                foreach (DistillBranch branch in groups[i].Branches) best.Capture(branch, record.Epoch);
                improved = true;
            }
            selection[i] = state;
        }
        record = record with
        {
            BestEpoch = selection.Max(g => g.BestEpoch),
            BestValidationLoss = IsJoint ? selection[0].BestLoss : double.NaN,
        };
        history.Add(record);
        completedEpochs = record.Epoch;

        // best.ckpt first: a crash between the two writes leaves last.ckpt one epoch behind, and resuming redoes that
        // epoch, which rewrites the same best.ckpt.
        if (improved && best.IsComplete(graph)) WriteBest(threshold: null, IsJoint ? selection[0].BestLoss : double.NaN);
        WriteLast(record.ValidationLoss);
        RunHistory.Write(HistoryPath, history);
        epochCompleted?.Invoke(record);
    }

    private string HistoryPath => Path.Combine(options.OutputDirectory, RunHistory.FileName);

    private void WriteStatus(string state, string? message)
    {
        string? cache = trainCache is null ? null : validationCache is null ? trainCache.Description : $"{trainCache.Description}; validation {validationCache.Description}";
        new RunStatus(state, config.Name, config.Sha256, options.DatasetName, plan.Epochs, Environment.ProcessId, Environment.MachineName,
                      started, DateTimeOffset.UtcNow, message, cache).Write(options.OutputDirectory);
    }

    /// <summary>run.json with the stop, the loss curves, and (once nothing is left to resume) the cache files removed.</summary>
    private void WriteEndOfRun(Stop stop)
    {
        WriteStatus(stop.Kind.ToString(), stop.Message);
        if (history.Count > 0)
        {
            byte[] png = LossCurvePlot.RenderPng(history, $"{config.Name}: loss per epoch");
            AtomicFile.Write(Path.Combine(options.OutputDirectory, LossCurvePlot.FileName), s => s.Write(png));
        }
        if (stop.Kind is TrainingStop.Completed or TrainingStop.EarlyStopped)
        {
            trainCache?.Dispose();
            validationCache?.Dispose();
            trainCache = validationCache = null;
            string folder = CacheFolder(options.OutputDirectory);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Gives the graph its best students; unless cancelled, measures their validation loss and scores and stores
    /// the anomaly threshold in best.ckpt.</summary>
    private TrainingResult Finish(Stop stop)
    {
        AnomalyThreshold? threshold = null;
        double bestLoss = double.NaN;
        if (best.IsComplete(graph))
        {
            best.RestoreInto(graph);
            bestLoss = IsJoint ? selection[0].BestLoss : double.NaN;
            if (stop.Kind != TrainingStop.Cancelled && validationSamples.Count > 0)
            {
                // Before the scores: the threshold is taken on normalised maps, as new images are scored.
                if (graph.Spec.AnomalyMap.Normalization.IsEnabled) graph.MapNormalization = MeasureMapNormalization();
                var (loss, scores) = ScoreValidation();
                bestLoss = loss;
                threshold = scores.All(float.IsFinite) ? AnomalyThreshold.FromQuantile(scores, options.ThresholdQuantile) : null;
                WriteBest(threshold, bestLoss, graph.MapNormalization);
            }
        }
        graph.eval();
        WriteEndOfRun(stop);
        return new TrainingResult(config.Name, best.LatestEpoch, bestLoss, bestPath, lastPath, completedEpochs, meter.Elapsed, history.ToList(), stop.Kind, threshold)
        {
            StopMessage = stop.Message,
            SkippedImages = skipped.ToList(),
        };
    }

    /// <summary>The total validation loss and the raw image scores of the graph's students, scored as evaluation and
    /// inference score them (<see cref="GraphScoring"/>), so the threshold is taken from the same numbers it is applied to.</summary>
    private (double Loss, float[] Scores) ScoreValidation()
    {
        graph.eval();
        using var noGrad = no_grad();
        using var scoring = new GraphScoring(graph);
        var scores = new List<float>(validationSamples.Count);
        double lossSum = 0;
        foreach (TrainingBatch data in Batches(training: false, 0))
        {
            using (data)
            {
                using var scope = NewDisposeScope();
                using (GraphFeatures features = forward.Features(data.Images, data.TeacherTaps)) lossSum += Losses(features).Total * data.Count;
                scores.AddRange(scoring.Run(data.Images, copyMaps: false).Scores);
            }
        }
        return (lossSum / scores.Count, scores.ToArray());
    }

    /// <summary><c>anomaly_map.normalize: validation_quantiles</c>: the quantiles of the best students' maps over the normal
    /// validation images, through the same path as the scores.</summary>
    private Scoring.MapNormalization MeasureMapNormalization()
    {
        graph.eval();
        using var noGrad = no_grad();
        using var scoring = new GraphScoring(graph);
        var collector = new Scoring.MapQuantileCollector(graph.Spec);
        foreach (TrainingBatch data in Batches(training: false, 0))
        {
            using (data)
            {
                using var scope = NewDisposeScope();
                collector.Add(scoring.MapsToNormalize(data.Images));
            }
        }
        return collector.Result();
    }

    private bool IsJoint => plan.Students == StudentTraining.Joint;

    private void StartFresh()
    {
        foreach (string path in new[] { lastPath, bestPath })
        {
            if (File.Exists(path))
            {
                throw new TrainingRefusedException(
                    $"{path} already exists. Set TrainingOptions.Resume to continue that run, or train into another OutputDirectory.");
            }
        }
        manual_seed(plan.Seed);
    }

    private void ResumeFromLast()
    {
        if (!File.Exists(lastPath)) throw new TrainingRefusedException($"Nothing to resume: {lastPath} does not exist.");
        DistillCheckpoint last = DistillCheckpoint.Read(lastPath);
        if (last.ConfigSha256 != config.Sha256)
        {
            throw new CheckpointException(lastPath,
                $"it is a run of config '{last.ConfigName}' (SHA-256 {last.ConfigSha256[..12]}…), but the graph is of config '{config.Name}' (SHA-256 {config.Sha256[..12]}…).");
        }
        TrainingState state = last.ReadTrainingState<TrainingState>();
        var asked = plan.Fingerprint();
        var differences = asked.Where(s => !state.Settings.Contains(new TrainingSetting(s.Name, s.Value)))
            .Select(s => $"{s.Name} {state.Settings.FirstOrDefault(t => t.Name == s.Name)?.Value ?? "?"} (now {s.Value})").ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(lastPath, $"its run used other settings: {string.Join(", ", differences)}. Resume with the stored settings.");
        }
        if (!state.Groups.Select(g => g.Name).SequenceEqual(groups.Select(g => g.Name)))
        {
            throw new CheckpointException(lastPath, "the file is damaged: its student groups are not the config's.");
        }

        last.LoadStudentsInto(graph);
        foreach (StudentGroup group in groups)
        {
            group.Optimizer.Restore(last.Section(DistillCheckpoint.OptimizerSectionPrefix + group.Name), state.Steps);
        }
        using (Tensor rng = tensor(last.Section(DistillCheckpoint.RngSection), dtype: ScalarType.Byte)) set_rng_state(rng);
        for (int i = 0; i < groups.Count; i++)
        {
            selection[i] = state.Groups[i];
            foreach (DistillBranch branch in groups[i].Branches)
            {
                string section = DistillCheckpoint.BestStudentSectionPrefix + branch.Name;
                if (last.HasSection(section)) best.Set(branch.Name, last.Section(section), state.Groups[i].BestEpoch);
            }
        }
        history.AddRange(state.History);
        completedEpochs = state.CompletedEpochs;
        steps = state.Steps;
        // history.csv may be an epoch ahead of last.ckpt (a crash between the two writes): last.ckpt is the truth.
        RunHistory.Write(HistoryPath, history);
    }

    /// <param name="normalization">The measured map normalisation: only the end of the run has it.</param>
    private void WriteBest(AnomalyThreshold? threshold, double validationLoss, Scoring.MapNormalization? normalization = null)
    {
        var students = graph.Branches.Select(b => new StudentEntry(b.Name, best.Epoch(b.Name))).ToList();
        var sections = graph.Branches.Select(b => (DistillCheckpoint.StudentSectionPrefix + b.Name, best.Weights(b.Name)));
        DistillCheckpoint.Write(bestPath, Manifest(best.LatestEpoch, validationLoss, students, threshold, resumable: false, normalization), config.Text, sections);
    }

    private void WriteLast(double validationLoss)
    {
        var students = graph.Branches.Select(b => new StudentEntry(b.Name, completedEpochs)).ToList();
        var sections = new List<(string, byte[])>();
        foreach (DistillBranch branch in graph.Branches) sections.Add((DistillCheckpoint.StudentSectionPrefix + branch.Name, ModuleBytes.Save(branch.Student)));
        var state = new TrainingState(plan.Fingerprint().Select(s => new TrainingSetting(s.Name, s.Value)).ToList(), completedEpochs, steps, history.ToList(), selection.ToList());
        sections.Add((DistillCheckpoint.TrainingSection, CheckpointJson.Serialize(state)));
        foreach (StudentGroup group in groups) sections.Add((DistillCheckpoint.OptimizerSectionPrefix + group.Name, group.Optimizer.SaveState()));
        using (Tensor rng = get_rng_state()) sections.Add((DistillCheckpoint.RngSection, rng.data<byte>().ToArray()));
        if (best.IsComplete(graph))
        {
            foreach (DistillBranch branch in graph.Branches) sections.Add((DistillCheckpoint.BestStudentSectionPrefix + branch.Name, best.Weights(branch.Name)));
        }
        DistillCheckpoint.Write(lastPath, Manifest(completedEpochs, validationLoss, students, threshold: null, resumable: true), config.Text, sections);
    }

    private CheckpointManifest Manifest(int epoch, double validationLoss, IReadOnlyList<StudentEntry> students, AnomalyThreshold? threshold, bool resumable,
                                        Scoring.MapNormalization? normalization = null) =>
        new(config.Name, config.Sha256, config.FilePath, epoch, validationLoss, plan.Seed, plan.ImageSize, graph.Options.Seed,
            graph.Options.RandomTeacherWeights, graph.Options.BaseDirectory, students,
            threshold is null ? null : ThresholdEntry.From(threshold), resumable,
            normalization is null ? null : MapNormalizationEntry.From(normalization));

    private Stop Cancelled(int epoch) => new(TrainingStop.Cancelled, completedEpochs == 0
        ? $"Cancelled during epoch {epoch}, before any epoch finished: nothing was saved."
        : $"Cancelled during epoch {epoch}; {lastPath} holds epoch {completedEpochs} (continue with TrainingOptions.Resume).");

    private Stop NonFinite(string phase, double loss, int epoch, int batch, double learningRate) => new(TrainingStop.NonFiniteLoss,
        $"The {phase} loss became {Invariant(loss)} at epoch {epoch}, batch {batch} (learning rate {Invariant(learningRate)}); training stopped. " +
        (completedEpochs == 0 ? "No epoch had finished, so nothing was saved." : $"The checkpoints of epoch {completedEpochs} are kept.") +
        " A lower learning rate usually helps.");

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Stop(TrainingStop Kind, string Message);
}
