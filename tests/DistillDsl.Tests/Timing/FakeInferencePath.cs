using DistillDsl.Timing;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Timing;

/// <summary>An inference path that does no inference: it records every call (input, torch's thread count) and advances
/// <see cref="Clock"/> by as long as it is told, so the timer's bookkeeping can be checked against exact durations whatever
/// the machine's load.</summary>
internal sealed class FakeInferencePath(Func<int, TimeSpan>? durationOfCall = null) : IInferencePath
{
    public ManualClock Clock { get; } = new();

    public List<long[]> InputShapes { get; } = [];

    public List<float[]> Inputs { get; } = [];

    public List<int> ThreadCounts { get; } = [];

    public List<Tensor> Returned { get; } = [];

    public bool Disposed { get; private set; }

    public string Name => "fake";

    public Tensor Run(Tensor rgb)
    {
        InputShapes.Add(rgb.shape);
        Inputs.Add(rgb.cpu().data<float>().ToArray());
        ThreadCounts.Add(get_num_threads());
        if (durationOfCall?.Invoke(InputShapes.Count - 1) is TimeSpan duration) Clock.Advance(duration);
        Tensor scores = zeros(rgb.shape[0]);
        Returned.Add(scores);
        return scores;
    }

    public void Dispose() => Disposed = true;
}
