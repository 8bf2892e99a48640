namespace DistillDsl.Sweeps;

/// <summary>The files of a sweep root. Each cell owns its folder cells/&lt;name&gt;/ and writes nothing outside it; the
/// root's own files (manifest, Slurm scripts and submissions) are written only by the process that starts the sweep.</summary>
/// <remarks>
/// cells/&lt;name&gt;/run/        Invoke-DistillTraining's output folder (best.ckpt, last.ckpt, report/)
/// cells/&lt;name&gt;/started.json when and where the cell last started (host, process id, Slurm job)
/// cells/&lt;name&gt;/result.json  the finished cell: its presence is what "done" means
/// cells/&lt;name&gt;/failed.json  why the last attempt failed
/// cells/&lt;name&gt;/cell.lock    held (locked) while an attempt runs
/// cells/&lt;name&gt;/cell.log     the local engine's log of the cell's process (Slurm tasks log to slurm/logs/%A_%a.out)
/// </remarks>
public sealed class SweepLayout(string root)
{
    public const string ManifestName = "sweep.json";

    public string Root { get; } = System.IO.Path.GetFullPath(root);
    public string Manifest => System.IO.Path.Combine(Root, ManifestName);
    public string CellsFolder => System.IO.Path.Combine(Root, "cells");
    public string SlurmFolder => System.IO.Path.Combine(Root, "slurm");
    public string SlurmLogs => System.IO.Path.Combine(SlurmFolder, "logs");
    public string Submissions => System.IO.Path.Combine(SlurmFolder, "submissions.json");

    public string CellFolder(SweepCell cell) => System.IO.Path.Combine(CellsFolder, cell.Name);
    public string RunFolder(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "run");
    public string Started(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "started.json");
    public string Result(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "result.json");
    public string Failed(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "failed.json");
    public string CellLock(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "cell.lock");
    public string CellLog(SweepCell cell) => System.IO.Path.Combine(CellFolder(cell), "cell.log");

    /// <summary>The log of one Slurm array task, as the script's --output=%A_%a.out names it.</summary>
    public string SlurmLog(string arrayJobId, int index) => System.IO.Path.Combine(SlurmLogs, $"{arrayJobId}_{index}.out");
}
