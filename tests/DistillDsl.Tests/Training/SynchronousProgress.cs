namespace DistillDsl.Tests.Training;

/// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; posts to the thread pool), so a test can act at
/// an exact batch.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
