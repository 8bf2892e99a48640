using DistillDsl.Timing;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Timing;

public class InferenceTimerTests
{
    [Fact]
    public void Runs_warmup_then_iterations_on_one_random_batch_of_the_requested_shape()
    {
        var path = new FakeInferencePath();

        PointMeasurement measured = InferenceTimer.Measure(path, CPU, batchSize: 3, imageHeight: 8, imageWidth: 10, warmup: 2, iterations: 4, new RecordingProbe());

        Assert.Equal(6, path.InputShapes.Count);
        Assert.All(path.InputShapes, shape => Assert.Equal([3L, 3, 8, 10], shape));
        Assert.All(path.Inputs, values => Assert.Equal(path.Inputs[0], values));
        Assert.All(path.Inputs[0], v => Assert.InRange(v, 0f, 1f));
        Assert.True(path.Inputs[0].Distinct().Count() > 100, "the batch should be random, not constant");
        Assert.True(measured.Latency.MinMs > 0);
    }

    [Fact]
    public void Times_each_iteration_on_its_own_and_not_the_warmup()
    {
        // Warm-up calls take 300 ms, timed calls 20, 30 and 40 ms on a clock that moves only with the calls: each timed
        // iteration must come out exactly, and no warm-up call may be among them.
        var path = new FakeInferencePath(call => TimeSpan.FromMilliseconds(call < 2 ? 300 : 20 + 10 * (call - 2)));

        PointMeasurement measured = InferenceTimer.Measure(path, CPU, 1, 4, 4, warmup: 2, iterations: 3, new RecordingProbe(), clock: path.Clock);

        Assert.Equal(20, measured.Latency.MinMs, 9);
        Assert.Equal(30, measured.Latency.MeanMs, 9);
        Assert.Equal(40, measured.Latency.MaxMs, 9);
    }

    [Fact]
    public void Disposes_every_result_and_brackets_the_point_with_the_memory_probe()
    {
        var path = new FakeInferencePath();
        var probe = new RecordingProbe();

        PointMeasurement measured = InferenceTimer.Measure(path, CPU, 2, 4, 4, warmup: 1, iterations: 2, probe);

        Assert.All(path.Returned, scores => Assert.True(scores.IsInvalid, "a result tensor was not disposed"));
        Assert.Equal(["start", "stop"], probe.Calls);
        Assert.Same(RecordingProbe.Result, measured.PeakMemory);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            InferenceTimer.Measure(new FakeInferencePath(), CPU, 1, 4, 4, 0, 1, new RecordingProbe(), cancellation.Token));
    }

    private sealed class RecordingProbe : IPeakMemoryProbe
    {
        public static readonly PeakMemory Result = new(1.5, "recorded");

        public List<string> Calls { get; } = [];

        public void Start() => Calls.Add("start");

        public PeakMemory Stop()
        {
            Calls.Add("stop");
            return Result;
        }

        public void Dispose()
        {
        }
    }
}
