using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using DistillDsl.PowerShell.Errors;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>What every DistillDsl cmdlet shares: paths resolved against PowerShell's current location (not the process's),
/// and the engine's bad-input exceptions reported as error records with stable IDs.</summary>
public abstract class DistillCmdlet : PSCmdlet
{
    /// <summary>A file-system path as the user typed it, resolved against the current PowerShell location; it need not exist.</summary>
    protected string ResolveFileSystemPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Stops the cmdlet with <paramref name="record"/>. ThrowTerminatingError throws; the exception returned here is
    /// never seen, it lets callers write <c>throw Terminate(…)</c> so that C# knows the path ends there.</summary>
    protected Exception Terminate(ErrorRecord record)
    {
        ThrowTerminatingError(record);
        return new UnreachableException();
    }

    /// <summary>Stops the cmdlet with the record for an engine exception; rethrows anything that is not bad input (a bug),
    /// with its own stack trace.</summary>
    protected Exception Terminate(Exception exception, object? target)
    {
        ErrorRecord? record = DistillErrors.FromEngineException(exception, target);
        if (record is null) ExceptionDispatchInfo.Throw(exception);
        return Terminate(record);
    }

    /// <summary>Stops the cmdlet with a record of the module's own.</summary>
    protected Exception Terminate(string errorId, ErrorCategory category, string message, object? target) =>
        Terminate(DistillErrors.Create(errorId, category, message, target));

    /// <summary>Reports one bad item and lets the pipeline go on; returns false for anything that is not bad input.</summary>
    protected bool TryWriteNonTerminating(Exception exception, object? target)
    {
        ErrorRecord? record = DistillErrors.FromEngineException(exception, target);
        if (record is null) return false;
        WriteError(record);
        return true;
    }
}
