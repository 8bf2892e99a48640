using System.Diagnostics;

namespace DistillDsl.Training;

/// <summary>Turns batches done into <see cref="TrainingProgress"/> reports: throughput and the time left at this session's pace.</summary>
internal sealed class ProgressMeter(IProgress<TrainingProgress>? progress, int epochs, int sessionBatches)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long images;
    private int batchesDone;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Reports one batch of building the cache; not counted in the throughput or the time left, which are about epochs.</summary>
    public void Caching(int epoch, int batch, int batches)
    {
        progress?.Report(new TrainingProgress(epoch, epochs, batch, batches, double.NaN, 0, clock.Elapsed, TimeSpan.Zero, TrainingPhase.Caching));
    }

    /// <summary>Reports that memory bank <paramref name="bank"/> of <paramref name="banks"/> is being filled; like caching, not
    /// counted in the throughput.</summary>
    public void FillingBank(int epoch, int bank, int banks)
    {
        progress?.Report(new TrainingProgress(epoch, epochs, bank, banks, double.NaN, 0, clock.Elapsed, TimeSpan.Zero, TrainingPhase.FillingBanks));
    }

    /// <summary>Counts one batch and reports it.</summary>
    public void Batch(TrainingPhase phase, int epoch, int batch, int batches, int batchImages, double runningLoss, double learningRate)
    {
        images += batchImages;
        batchesDone++;
        if (progress is null) return;
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        double left = Math.Max(sessionBatches - batchesDone, 0);
        progress.Report(new TrainingProgress(epoch, epochs, batch, batches, runningLoss, images / seconds, clock.Elapsed,
                                             TimeSpan.FromSeconds(seconds / batchesDone * left), phase, learningRate));
    }
}
