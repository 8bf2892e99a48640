using DistillDsl.Devices;
using static TorchSharp.torch;

namespace DistillDsl.Timing;

/// <summary>One timing point: the same random batch run through an inference path <c>warmup</c> times untimed, then
/// <c>iterations</c> times, each timed on its own between two device synchronisations (on CUDA the calls only queue work,
/// so without them the clock would stop before the GPU finishes). Input preparation is not timed: the batch is made once,
/// already on the device.</summary>
public static class InferenceTimer
{
    /// <summary>Seed of the random input batch; its values do not change the work done.</summary>
    private const long InputSeed = 0;

    /// <param name="imageHeight">Input height of the path's graph.</param>
    /// <param name="imageWidth">Input width of the path's graph.</param>
    /// <param name="memory">Started before the batch is made and stopped after the last iteration.</param>
    /// <param name="clock">The clock of the timed calls; the system's when null (tests pass one they advance themselves).</param>
    public static PointMeasurement Measure(IInferencePath path, Device device, int batchSize, int imageHeight, int imageWidth,
        int warmup, int iterations, IPeakMemoryProbe memory, CancellationToken cancellation = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);

        var milliseconds = new double[iterations];
        memory.Start();
        using (var scope = NewDisposeScope())
        {
            Tensor rgb = RandomBatch(batchSize, imageHeight, imageWidth, device);
            for (int i = 0; i < warmup; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                using Tensor scores = path.Run(rgb);
                DeviceSelector.Synchronize(device);
            }
            for (int i = 0; i < iterations; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                DeviceSelector.Synchronize(device);
                long start = clock.GetTimestamp();
                using Tensor scores = path.Run(rgb);
                DeviceSelector.Synchronize(device);
                milliseconds[i] = clock.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        PeakMemory peak = memory.Stop();
        return new PointMeasurement(LatencyStatistics.From(milliseconds), peak);
    }

    private static Tensor RandomBatch(int batchSize, int height, int width, Device device)
    {
        // Both tensors belong to the caller's dispose scope (on the CPU, to() may return the same tensor).
        using var generator = new Generator((ulong)InputSeed);
        return rand([batchSize, 3, height, width], generator: generator).to(device);
    }
}
