using System.Management.Automation;
using DistillDsl.Export;
using DistillDsl.PowerShell.Errors;
using DistillDsl.PowerShell.Output;

namespace DistillDsl.PowerShell.Cmdlets;

/// <summary>Export-DistillModel: writes a training run's checkpoint as one ONNX model (preprocessing, teachers, students,
/// anomaly map and score, with the threshold in its metadata) for deployment without TorchSharp.</summary>
[Cmdlet(VerbsData.Export, "DistillModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DistillExportedModel))]
public sealed class ExportDistillModelCommand : DistillRunCmdlet
{
    private const string OnnxExtension = ".onnx";

    /// <summary>The checkpoint to export (a run's best.ckpt); binds from Invoke-DistillTraining's CheckpointPath.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CheckpointPath")]
    [ValidateNotNullOrEmpty]
    public string Checkpoint { get; set; } = "";

    /// <summary>The model file to write; default: the checkpoint's path with the extension .onnx.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    /// <summary>Overwrites an existing model file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Outputs an object describing the written model.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string checkpoint = ResolveFileSystemPath(Checkpoint);
        ReadCheckpoint(checkpoint); // a missing or damaged file stops here, before anything is written
        string output = ResolveFileSystemPath(OutputPath ?? Path.ChangeExtension(Checkpoint, OnnxExtension));
        if (File.Exists(output) && !Force)
        {
            WriteError(DistillErrors.Create(DistillErrorIds.OutputNotWritable, ErrorCategory.ResourceExists,
                $"'{output}' already exists; use -Force to overwrite it.", output));
            return;
        }
        if (!ShouldProcess(output, $"Export '{checkpoint}' to ONNX")) return;

        OnnxExportResult result;
        try
        {
            result = OnnxExporter.Export(checkpoint, output);
        }
        catch (NotSupportedException e)
        {
            // A graph the exporter cannot write (a module or option it does not know): this checkpoint fails, others may not.
            WriteError(DistillErrors.Create(DistillErrorIds.ExportNotSupported, ErrorCategory.NotImplemented, e.Message, checkpoint, e));
            return;
        }
        catch (Exception e) when (DistillErrors.FromEngineException(e, checkpoint) is not null)
        {
            throw Terminate(e, checkpoint);
        }
        if (PassThru)
        {
            WriteObject(new DistillExportedModel(result.OnnxPath, checkpoint, result.ConfigName, result.ConfigSha256, result.InputHeight,
                result.InputWidth, result.Threshold.Value, result.Threshold.Description, new FileInfo(result.OnnxPath).Length));
        }
    }
}
