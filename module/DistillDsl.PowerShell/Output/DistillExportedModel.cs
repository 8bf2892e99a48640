namespace DistillDsl.PowerShell.Output;

/// <summary>An ONNX model written by Export-DistillModel: what it detects with and what it decides by. Load it with
/// DistillDsl.Deploy's OnnxAnomalyDetector (no TorchSharp needed).</summary>
/// <param name="Threshold">The anomaly threshold stored in the model (from the checkpoint).</param>
public sealed record DistillExportedModel(string Path, string Checkpoint, string Config, string ConfigSha256, int InputHeight, int InputWidth,
    double Threshold, string ThresholdDescription, long Bytes)
{
    public string InputSize => $"{InputHeight}x{InputWidth}";
}
