using System.Management.Automation;
using DistillDsl.Checkpoints;
using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Graphs;
using DistillDsl.Training;
using DistillDsl.Weights.Torchvision;

namespace DistillDsl.PowerShell.Errors;

/// <summary>Turns the engine's exceptions into error records with stable IDs and categories, so every cmdlet reports
/// the same failure the same way.</summary>
public static class DistillErrors
{
    public static ErrorRecord Create(string id, ErrorCategory category, string message, object? target, Exception? inner = null) =>
        new(inner ?? new InvalidOperationException(message), id, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };

    /// <summary>The record for an exception the engine throws for bad input; null for anything else (a bug: let it surface).</summary>
    public static ErrorRecord? FromEngineException(Exception exception, object? target) => exception switch
    {
        DistillConfigException config when config.Diagnostics.Count == 0 && !File.Exists(config.ConfigPath) =>
            Create(DistillErrorIds.ConfigNotFound, ErrorCategory.ObjectNotFound, config.Message, target ?? config.ConfigPath, config),
        DistillConfigException config =>
            Create(DistillErrorIds.ConfigInvalid, ErrorCategory.InvalidData, config.Message, target ?? config.ConfigPath, config),
        DatasetException dataset =>
            Create(DistillErrorIds.DatasetInvalid, ErrorCategory.InvalidData, dataset.Message, target, dataset),
        CheckpointException checkpoint =>
            Create(DistillErrorIds.CheckpointInvalid, ErrorCategory.InvalidData, checkpoint.Message, target, checkpoint),
        WeightsException weights =>
            Create(DistillErrorIds.WeightsUnavailable, ErrorCategory.ResourceUnavailable, weights.Message, target, weights),
        TrainingRefusedException refused =>
            Create(DistillErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, refused.Message, target, refused),
        DeviceUnavailableException device =>
            Create(DistillErrorIds.DeviceUnavailable, ErrorCategory.DeviceError, device.Message, target, device),
        UnauthorizedAccessException or IOException when exception is not (FileNotFoundException or DirectoryNotFoundException) =>
            Create(DistillErrorIds.OutputNotWritable, ErrorCategory.WriteError, exception.Message, target, exception),
        _ => null,
    };
}
