namespace DistillDsl.Sweeps;

/// <summary>The resources of every array task (sbatch options), passed through as given.</summary>
/// <param name="Time">--time, e.g. 02:00:00 or 1-00:00:00.</param>
/// <param name="Memory">--mem, e.g. 8G.</param>
/// <param name="Gpu">Adds --gres=gpu:1 (cells on cuda).</param>
/// <param name="MaxRunning">The array's %N: at most this many tasks at once; null for no limit.</param>
/// <param name="Hold">Submit held (sbatch --hold); the tasks wait for scontrol release.</param>
public sealed record SlurmJobOptions(
    int CpusPerTask,
    string Time,
    string Memory,
    bool Gpu,
    string? Partition = null,
    string? Account = null,
    int? MaxRunning = null,
    bool Hold = false);
