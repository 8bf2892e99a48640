namespace DistillDsl.Sweeps;

/// <summary>started.json (and, with <see cref="Error"/>, failed.json) of a cell: one attempt, where and when it ran, so
/// that the state of a cell can be told from its folder (a live process on this host, a Slurm task) and a failure
/// says why.</summary>
/// <param name="SlurmJob">The array task, e.g. 17_3; null for the local engine.</param>
/// <param name="Resumed">The attempt continued an earlier one's last.ckpt.</param>
public sealed record CellAttempt(string Host, int ProcessId, string? SlurmJob, DateTimeOffset Time, bool Resumed, string? Error = null)
{
    public static CellAttempt Now(bool resumed) => new(
        Environment.MachineName,
        Environment.ProcessId,
        Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is string job && Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") is string task ? $"{job}_{task}" : null,
        DateTimeOffset.UtcNow,
        resumed);
}
