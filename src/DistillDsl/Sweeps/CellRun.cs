using DistillDsl.IO;
namespace DistillDsl.Sweeps;

/// <summary>The bookkeeping of one attempt at a cell, in the cell's folder only: an exclusive lock on cell.lock for as
/// long as the attempt runs (so two sweeps merged into one root never train the same cell at once; the OS drops the
/// lock when the process dies), whether it resumes, started.json at the start, then result.json or failed.json at the
/// end, each written atomically.</summary>
public sealed class CellRun : IDisposable
{
    private readonly SweepLayout layout;
    private readonly FileStream lockFile;

    private CellRun(SweepLayout layout, SweepCell cell, bool resume, FileStream lockFile)
    {
        this.layout = layout;
        Cell = cell;
        Resume = resume;
        this.lockFile = lockFile;
    }

    public SweepCell Cell { get; }

    /// <summary>last.ckpt of an earlier attempt is there: training continues from it (-Resume) rather than restarting.</summary>
    public bool Resume { get; }

    public string RunFolder => layout.RunFolder(Cell);

    /// <summary>The cell's result when it is already done (then nothing is written), else null.</summary>
    public static CellResult? Finished(SweepLayout layout, SweepCell cell) =>
        File.Exists(layout.Result(cell)) ? SweepJson.Read<CellResult>(layout.Result(cell)) : null;

    /// <summary>The error of the cell's last attempt (failed.json), if that attempt wrote one; null when it is older than
    /// the last start (that attempt died without saying why).</summary>
    public static string? LastError(SweepLayout layout, SweepCell cell)
    {
        if (!File.Exists(layout.Failed(cell))) return null;
        CellAttempt failed = SweepJson.Read<CellAttempt>(layout.Failed(cell));
        bool current = !File.Exists(layout.Started(cell)) || failed.Time >= SweepJson.Read<CellAttempt>(layout.Started(cell)).Time;
        return current ? failed.Error : null;
    }

    /// <summary>Starts an attempt: takes the cell's lock, records the attempt in started.json and decides whether it resumes.</summary>
    /// <exception cref="SweepException">Another process holds the cell's lock: it is running the cell now.</exception>
    public static CellRun Start(SweepLayout layout, SweepCell cell)
    {
        Directory.CreateDirectory(layout.CellFolder(cell));
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(layout.CellLock(cell), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new SweepException($"Cell {cell.Index} '{cell.Name}' is being run by another process ('{layout.CellLock(cell)}' is locked).", layout.CellLock(cell), e);
        }
        bool resume = File.Exists(System.IO.Path.Combine(layout.RunFolder(cell), "last.ckpt"));
        AtomicFile.WriteAllText(layout.Started(cell), SweepJson.Serialize(CellAttempt.Now(resume)));
        return new CellRun(layout, cell, resume, lockFile);
    }

    public void Dispose() => lockFile.Dispose();

    public void Succeed(CellResult result)
    {
        AtomicFile.WriteAllText(layout.Result(Cell), SweepJson.Serialize(result));
        File.Delete(layout.Failed(Cell));
    }

    public void Fail(string error) =>
        AtomicFile.WriteAllText(layout.Failed(Cell), SweepJson.Serialize(CellAttempt.Now(Resume) with { Error = error }));
}
