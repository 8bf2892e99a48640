namespace DistillDsl.Tests.Timing;

/// <summary>A clock that moves only when told: timings measured with it are exact, not the machine's.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan duration) => Interlocked.Add(ref ticks, duration.Ticks);
}
