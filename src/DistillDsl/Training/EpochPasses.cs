using DistillDsl.Graphs;
using DistillDsl.Methods.MemoryBank;
using DistillDsl.Training.Augmentation;
using DistillDsl.Training.Cache;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>The two passes of an epoch: one optimiser step of every student group per training batch, then the validation
/// losses in eval mode without gradients. Each batch runs in its own dispose scope; cancellation is checked before each.</summary>
/// <param name="steps">Optimiser steps already taken (a resumed run's): the schedule's position.</param>
internal sealed class EpochPasses(DistillGraph graph, IReadOnlyList<StudentGroup> groups, TrainingForward forward, TrainingImages images,
                                  BatchAugmentation? augmentation, ProgressMeter meter, TrainingPlan plan, string lastPath, int steps, CancellationToken cancellation)
{
    /// <summary>Optimiser steps taken (the same for every group), stored in last.ckpt.</summary>
    public int Steps { get; private set; } = steps;

    /// <summary>The epoch's mean training loss and the learning rate of its last step; or why it stopped.</summary>
    public (double Loss, double LearningRate, RunStop? Stop) Train(int epoch)
    {
        if (MemoryBankFit.Applies(graph)) return FillBanks(epoch);
        graph.train();
        double lossSum = 0, learningRate = double.NaN;
        int count = 0, batch = 0;
        // Draws per (seed, epoch): a resumed run redoes whole epochs with the same changes.
        using Generator? draws = augmentation is null ? null : BatchAugmentation.EpochGenerator(plan.Seed, epoch);
        foreach (TrainingBatch data in images.TrainingEpoch(epoch))
        {
            double total;
            int batchImages = data.Count;
            using (data)
            {
                if (cancellation.IsCancellationRequested) return (double.NaN, double.NaN, RunStop.Cancelled(epoch, lastPath));
                learningRate = groups[0].Optimizer.LearningRate;
                total = Step(data, draws);
            }
            batch++;
            if (!double.IsFinite(total)) return (double.NaN, double.NaN, RunStop.NonFinite("training", total, epoch, batch, learningRate));
            lossSum += total * batchImages;
            count += batchImages;
            meter.Batch(TrainingPhase.Training, epoch, batch, images.TrainBatchCount, batchImages, lossSum / count, learningRate);
        }
        return (lossSum / count, learningRate, null);
    }

    /// <summary>A memory bank graph's only epoch: its banks filled from the training images' teacher taps (augmented, when the
    /// config says so), then their loss on the (unchanged) training images, reported as the training loss. There is no
    /// optimiser, so no learning rate (NaN).</summary>
    private (double Loss, double LearningRate, RunStop? Stop) FillBanks(int epoch)
    {
        var cancelled = (double.NaN, double.NaN, RunStop.Cancelled(epoch, lastPath));
        graph.eval();
        using var noGrad = no_grad();
        using (var fit = new MemoryBankFit(graph, images.Train.Count, plan.Seed))
        {
            using Generator? draws = augmentation is null ? null : BatchAugmentation.EpochGenerator(plan.Seed, epoch);
            int batch = 0;
            bool collected = EachBatch(images.TrainingEpoch(epoch), data =>
            {
                if (augmentation is null && data.TeacherTaps is not null) fit.Add(data.TeacherTaps);
                else fit.Add(TeacherTaps(augmentation is null ? data.Images : augmentation.Apply(data.Images, draws!)));
                meter.Batch(TrainingPhase.Training, epoch, ++batch, images.TrainBatchCount, data.Count, double.NaN, double.NaN);
            });
            if (!collected) return cancelled;
            fit.Fill(bank => meter.FillingBank(epoch, bank, fit.BankCount));
        }
        double lossSum = 0;
        int count = 0;
        bool measured = EachBatch(images.TrainingEpoch(epoch), data =>
        {
            using GraphFeatures features = forward.Features(data.Images, data.TeacherTaps);
            lossSum += Losses(graph, features).Total * data.Count;
            count += data.Count;
        });
        return measured ? (lossSum / Math.Max(count, 1), double.NaN, null) : cancelled;
    }

    /// <summary>Runs <paramref name="body"/> on each batch in a dispose scope of its own and disposes the batch; false when
    /// cancelled before a batch.</summary>
    private bool EachBatch(IEnumerable<TrainingBatch> batches, Action<TrainingBatch> body)
    {
        foreach (TrainingBatch data in batches)
        {
            using (data)
            {
                if (cancellation.IsCancellationRequested) return false;
                using var scope = NewDisposeScope();
                body(data);
            }
        }
        return true;
    }

    /// <summary>Every teacher's pooled taps of a batch: from the fused teachers, else from the graph's own forward pass.</summary>
    private IReadOnlyList<IReadOnlyList<Tensor>> TeacherTaps(Tensor rgb)
    {
        if (forward.UsesFusedTeachers) return forward.TeacherTaps(rgb);
        GraphFeatures features = graph.forward(rgb); // its tensors are in the caller's dispose scope
        return graph.Branches.Select(b => (IReadOnlyList<Tensor>)features.TapsOf(b.Name).Select(t => t.Pair.Teacher).ToList()).ToList();
    }

    /// <summary>The epoch's mean validation losses (total, per teacher in config order, per group); or why it stopped.</summary>
    public (double Total, double[] Teachers, double[] Groups, RunStop? Stop) Validate(int epoch)
    {
        if (images.Validation.Count == 0) return (double.NaN, [], groups.Select(_ => double.NaN).ToArray(), null);
        graph.eval();
        using var noGrad = no_grad();
        var teacherSums = new double[graph.Branches.Count];
        double totalSum = 0;
        int count = 0, batch = 0;
        foreach (TrainingBatch data in images.ValidationPass())
        {
            double[] teacherLosses;
            double total;
            int batchImages = data.Count;
            using (data)
            {
                if (cancellation.IsCancellationRequested) return (double.NaN, [], [], RunStop.Cancelled(epoch, lastPath));
                using var scope = NewDisposeScope();
                using GraphFeatures features = forward.Features(data.Images, data.TeacherTaps);
                (teacherLosses, total) = Losses(graph, features);
            }
            batch++;
            if (!double.IsFinite(total)) return (double.NaN, [], [], RunStop.NonFinite("validation", total, epoch, batch, groups[0].Optimizer.LearningRate));
            for (int i = 0; i < teacherSums.Length; i++) teacherSums[i] += teacherLosses[i] * batchImages;
            totalSum += total * batchImages;
            count += batchImages;
            meter.Batch(TrainingPhase.Validation, epoch, batch, images.ValidationBatchCount, batchImages, totalSum / count, double.NaN);
        }
        double[] teacherMeans = teacherSums.Select(sum => sum / count).ToArray();
        double totalMean = totalSum / count;
        return (totalMean, teacherMeans, groups.Select(g => g.SelectionLoss(graph, teacherMeans, totalMean)).ToArray(), null);
    }

    /// <summary>Each teacher's loss without alpha (config order) and their total, Σ alpha × teacher loss (Eq. 8).</summary>
    public static (double[] Teachers, double Total) Losses(DistillGraph graph, GraphFeatures features)
    {
        double[] teachers = graph.Branches.Select(b => (double)graph.TeacherLoss(features, b.Name).item<float>()).ToArray();
        double total = 0;
        for (int i = 0; i < teachers.Length; i++) total += graph.Branches[i].Spec.Alpha * teachers[i];
        return (teachers, total);
    }

    /// <summary>One optimiser step of every group on a batch; returns the batch's total loss. A non-finite loss takes no step.</summary>
    private double Step(TrainingBatch data, Generator? draws)
    {
        using var scope = NewDisposeScope();
        // Augmented, the teachers run on the changed images: the same input for teacher and student.
        Tensor input = augmentation is null ? data.Images : augmentation.Apply(data.Images, draws!);
        using GraphFeatures features = forward.Features(input, augmentation is null ? data.TeacherTaps : null);
        var losses = groups.Select(g => g.Loss(graph, features)).ToList();
        double total = StudentGroup.Total(groups, losses.Select(l => (double)l.item<float>()).ToList());
        if (!double.IsFinite(total)) return total;

        foreach (StudentGroup group in groups) group.Optimizer.ZeroGrad();
        // Each student's parameters reach only its own group's loss, so one backward pass of the sum gives every group
        // exactly the gradients of its own loss.
        losses.Aggregate((sum, loss) => sum + loss).backward();
        foreach (StudentGroup group in groups) group.Optimizer.Step();
        Steps++;
        return total;
    }
}
