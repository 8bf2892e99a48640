using DistillDsl.IO;
using System.Management.Automation;
using DistillDsl.PowerShell.Errors;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Receive-DistillSweep: the finished cells of a sweep as one table (each cell's own result.json), optionally
/// written as CSV and as a Markdown summary (mean ± std over seeds per config and category); a warning names the cells
/// that have no result yet.</summary>
[Cmdlet(VerbsCommunications.Receive, "DistillSweep", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet)]
[OutputType(typeof(CellResult), typeof(SweepSummaryRow))]
public sealed class ReceiveDistillSweepCommand : DistillSweepCmdlet
{
    /// <summary>Write the per-cell table here as CSV.</summary>
    [Parameter]
    public string? CsvPath { get; set; }

    /// <summary>Write the Markdown summary here.</summary>
    [Parameter]
    public string? MarkdownPath { get; set; }

    /// <summary>Output the summary rows (per config and category) instead of the cells.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        SweepManifest manifest = ReadManifest(Path);
        SweepTable table = Guard(() => SweepTable.Gather(manifest), manifest.Layout.Root);
        WriteVerbose($"Sweep '{manifest.Description.Name}': {table.Results.Count} of {manifest.Cells.Count} cells finished.");
        if (table.Missing.Count > 0)
        {
            WriteWarning($"{table.Missing.Count} of {manifest.Cells.Count} cells have no result yet: {string.Join(", ", table.Missing.Select(c => c.Name))} (Get-DistillSweep says why).");
        }
        Write(CsvPath, table.ToCsv(), "CSV table");
        Write(MarkdownPath, table.ToMarkdown(), "Markdown summary");
        if (Summary) WriteObject(table.Summary(), enumerateCollection: true);
        else WriteObject(table.Results, enumerateCollection: true);
    }

    private void Write(string? path, string text, string what)
    {
        if (path is null) return;
        string full = ResolveFileSystemPath(path);
        if (!ShouldProcess(full, $"Write the {what}")) return;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            AtomicFile.WriteAllText(full, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError, $"'{full}' cannot be written: {e.Message}", full);
        }
    }
}
