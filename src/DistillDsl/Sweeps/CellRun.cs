namespace DistillDsl.Sweeps;

/// <summary>The bookkeeping of one attempt at a cell, in the cell's folder only: whether it resumes, started.json at
/// the start, then result.json or failed.json at the end, each written atomically.</summary>
public sealed class CellRun
{
    private readonly SweepLayout layout;

    private CellRun(SweepLayout layout, SweepCell cell, bool resume)
    {
        this.layout = layout;
        Cell = cell;
        Resume = resume;
    }

    public SweepCell Cell { get; }

    /// <summary>last.ckpt of an earlier attempt is there: training continues from it (-Resume) rather than restarting.</summary>
    public bool Resume { get; }

    public string RunFolder => layout.RunFolder(Cell);

    /// <summary>The cell's result when it is already done (then nothing is written), else null.</summary>
    public static CellResult? Finished(SweepLayout layout, SweepCell cell) =>
        File.Exists(layout.Result(cell)) ? SweepJson.Read<CellResult>(layout.Result(cell)) : null;

    /// <summary>Starts an attempt: records it in started.json and decides whether it resumes.</summary>
    public static CellRun Start(SweepLayout layout, SweepCell cell)
    {
        Directory.CreateDirectory(layout.CellFolder(cell));
        bool resume = File.Exists(System.IO.Path.Combine(layout.RunFolder(cell), "last.ckpt"));
        AtomicFile.WriteAllText(layout.Started(cell), SweepJson.Serialize(CellAttempt.Now(resume)));
        return new CellRun(layout, cell, resume);
    }

    public void Succeed(CellResult result)
    {
        AtomicFile.WriteAllText(layout.Result(Cell), SweepJson.Serialize(result));
        File.Delete(layout.Failed(Cell));
    }

    public void Fail(string error) =>
        AtomicFile.WriteAllText(layout.Failed(Cell), SweepJson.Serialize(CellAttempt.Now(Resume) with { Error = error }));
}
