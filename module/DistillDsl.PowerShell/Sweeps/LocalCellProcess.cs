using System.Diagnostics;
using DistillDsl.Sweeps;

namespace DistillDsl.PowerShell.Sweeps;

/// <summary>One cell of the local engine as a child pwsh: its own LibTorch with its own thread budget (a process per
/// cell, so cells never share a thread pool), output and errors into the cell's cell.log.</summary>
internal sealed class LocalCellProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private bool logClosed;

    public LocalCellProcess(SweepCell cell, IReadOnlyList<string> command, string logPath, int threads)
    {
        Cell = cell;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(logPath)!);
        log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in command.Skip(1)) start.ArgumentList.Add(argument);
        // OpenMP/MKL pools sized to the budget too, not to the machine.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MKL_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("SLURM_ARRAY_JOB_ID"); // a local cell inside a Slurm allocation is still a local cell
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public SweepCell Cell { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public Task WaitAsync(CancellationToken cancellation) => process.WaitForExitAsync(cancellation);

    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public void Dispose()
    {
        if (process.HasExited) process.WaitForExit(); // drains the output handlers before the log closes
        process.Dispose();
        lock (log)
        {
            // A killed child's last lines may still arrive on the reader threads; they are dropped, not written to a closed file.
            logClosed = true;
            log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            if (!logClosed) log.WriteLine(line);
        }
    }
}
