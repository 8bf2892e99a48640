using System.Management.Automation;
using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Runs;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>What the cmdlets that run models share: the checks of their inputs (dataset, device, checkpoint), each stopping
/// the cmdlet with its stable error ID before anything is built or written.</summary>
public abstract class DistillRunCmdlet : DistillCmdlet
{
    /// <summary>A dataset in any known layout: a category folder, or a dataset root with a category.</summary>
    protected DatasetIndex OpenDataset(string dataPath, string? category)
    {
        try
        {
            return DatasetLayouts.Open(ResolveFileSystemPath(dataPath), category);
        }
        catch (Exception e) when (e is DatasetException or ArgumentException)
        {
            throw Terminate(DistillErrorIds.DatasetInvalid, ErrorCategory.InvalidData, e.Message, dataPath);
        }
    }

    /// <summary>Stops with DistillDsl.OutputNotWritable when <paramref name="folder"/> can never be a folder (a file, or a path
    /// under a file), before anything is computed.</summary>
    protected void RequireOutputFolder(string folder, string parameterName)
    {
        if (OutputFolder.Problem(folder) is string problem)
        {
            throw Terminate(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError, $"{parameterName}: {problem}", folder);
        }
    }

    /// <summary>One warning per image far smaller than the model's input (<see cref="SmallImageWarning"/>).</summary>
    protected void WarnAboutSmallImages(IEnumerable<string> imagePaths, int inputSize)
    {
        foreach (string path in imagePaths)
        {
            if (SmallImageWarning.For(path, inputSize) is string warning) WriteWarning(warning);
        }
    }

    /// <summary>Stops with DistillDsl.DeviceUnavailable for a device this machine or build does not have.</summary>
    protected void RequireDevice(string device)
    {
        try
        {
            DeviceSelector.Resolve(device);
        }
        catch (DeviceUnavailableException e)
        {
            throw Terminate(e, device);
        }
    }

    /// <summary>Stops with DistillDsl.CheckpointInvalid for a missing, damaged or foreign file.</summary>
    protected DistillCheckpoint ReadCheckpoint(string path)
    {
        try
        {
            return DistillCheckpoint.Read(path);
        }
        catch (CheckpointException e)
        {
            throw Terminate(e, path);
        }
    }

    /// <summary>Runs <paramref name="build"/> (which makes a graph, detector or the like) and turns the engine's bad-input
    /// exceptions into terminating errors about <paramref name="target"/>.</summary>
    protected T Build<T>(Func<T> build, object target)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (DistillErrors.FromEngineException(e, target) is not null)
        {
            throw Terminate(e, target);
        }
    }
}
