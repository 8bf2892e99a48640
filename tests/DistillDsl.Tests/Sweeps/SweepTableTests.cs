using DistillDsl.Sweeps;

namespace DistillDsl.Tests.Sweeps;

/// <summary>Mean ± sample standard deviation over seeds, and what a cell folder's files make of its state.</summary>
public sealed class SweepTableTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sweep-table-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Std_is_the_sample_standard_deviation_and_needs_two_values()
    {
        Assert.Equal(Math.Sqrt(((0.8 - 0.9) * (0.8 - 0.9) + 0 + (1.0 - 0.9) * (1.0 - 0.9)) / 2), SweepTable.Std([0.8, 0.9, 1.0])!.Value, 12);
        Assert.Null(SweepTable.Std([0.8]));
        Assert.Null(SweepTable.Std([0.8, null]));
        Assert.Equal(0.9, SweepTable.Mean([0.8, null, 1.0])!.Value, 12);
        Assert.Null(SweepTable.Mean([null]));
    }

    [Fact]
    public void Gathered_table_reads_results_and_names_the_missing_cells_in_csv_and_markdown()
    {
        var description = SweepDescriptionReader.Read(new System.Collections.Hashtable
        {
            ["configs"] = "stpm", ["data"] = "./data", ["categories"] = "carpet", ["seeds"] = new[] { 0, 1, 2 }, ["output"] = "./sweep",
        }, folder, "(test)");
        SweepManifest manifest = SweepManifest.OpenOrCreate(description);
        SweepLayout layout = manifest.Layout;
        foreach (SweepCell cell in manifest.Cells.Take(2))
        {
            using CellRun run = CellRun.Start(layout, cell);
            run.Succeed(new CellResult(cell.Index, cell.Name, "stpm", "carpet", cell.Seed, 1, 1, 0.5, "Completed", 0.9 + cell.Seed / 10.0, 0.8, null, 0.1, 1,
                "best.ckpt", null, "host", null, DateTimeOffset.UnixEpoch));
        }
        using (CellRun failing = CellRun.Start(layout, manifest.Cells[2]))
        {
            Assert.Contains("is being run by another process", Assert.Throws<SweepException>(() => CellRun.Start(layout, manifest.Cells[2])).Message);
            failing.Fail("out of memory");
        }

        SweepTable table = SweepTable.Gather(manifest);
        Assert.Equal(["stpm.carpet.seed0", "stpm.carpet.seed1"], table.Results.Select(r => r.Name));
        Assert.Equal(["stpm.carpet.seed2"], table.Missing.Select(c => c.Name));
        SweepSummaryRow row = Assert.Single(table.Summary());
        Assert.Equal((2, 0.95), (row.Seeds, Math.Round(row.ImageAurocMean!.Value, 12)));
        Assert.Null(row.AuproMean);
        Assert.Contains("| stpm | carpet | 2 | 0.950 ± 0.071 | 0.800 ± 0.000 | – |", table.ToMarkdown());
        Assert.Contains("Missing (1): stpm.carpet.seed2.", table.ToMarkdown());
        Assert.Equal(3, table.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        IReadOnlyList<CellStatus> states = CellStatusReader.Read(manifest, queue: null, new Dictionary<string, SlurmTaskState>());
        Assert.Equal([CellState.Done, CellState.Done, CellState.Failed], states.Select(s => s.State));
        Assert.Equal("out of memory", states[2].Reason);
        Assert.Equal("out of memory", CellRun.LastError(layout, manifest.Cells[2]));
        using (CellRun.Start(layout, manifest.Cells[2]))
        {
            Assert.Null(CellRun.LastError(layout, manifest.Cells[2])); // a newer attempt: the old error is not its reason
        }
        Assert.Empty(Directory.GetFiles(layout.CellFolder(manifest.Cells[0]), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_root_holding_another_sweep_is_refused_and_the_same_one_merges()
    {
        SweepDescription Make(int epochs) => SweepDescriptionReader.Read(new System.Collections.Hashtable
        {
            ["configs"] = "stpm", ["data"] = "./data", ["categories"] = "carpet", ["epochs"] = epochs, ["output"] = "./root",
        }, folder, "(test)");
        SweepManifest first = SweepManifest.OpenOrCreate(Make(1));
        Assert.Equal(first.Created, SweepManifest.OpenOrCreate(Make(1)).Created);
        var e = Assert.Throws<SweepConflictException>(() => SweepManifest.OpenOrCreate(Make(2)));
        Assert.Contains(Path.Combine(folder, "root", "sweep.json"), e.Message);
    }
}
