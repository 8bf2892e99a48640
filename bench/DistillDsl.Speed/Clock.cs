using System.Diagnostics;

namespace DistillDsl.Speed;

/// <summary>Wall time of calls repeated in turns (A, B, C, A, B, C, …), so that load from other processes on a shared machine
/// falls on every variant alike, after warm-up turns that are not timed. Reports the best time of each call: other load
/// only ever adds time, so the minimum is the steadiest estimate of a call's own cost (the median is kept too).</summary>
internal static class Clock
{
    public static (double Best, double Median)[] Milliseconds(IReadOnlyList<Action> calls, int iterations, int warmup = 2)
    {
        for (int i = 0; i < warmup; i++)
        {
            foreach (Action call in calls) call();
        }
        var times = calls.Select(_ => new double[iterations]).ToArray();
        for (int i = 0; i < iterations; i++)
        {
            for (int c = 0; c < calls.Count; c++)
            {
                long start = Stopwatch.GetTimestamp();
                calls[c]();
                times[c][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        return times.Select(t =>
        {
            Array.Sort(t);
            double median = t.Length % 2 == 1 ? t[t.Length / 2] : (t[t.Length / 2 - 1] + t[t.Length / 2]) / 2;
            return (t[0], median);
        }).ToArray();
    }
}
