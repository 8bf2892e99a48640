namespace DistillDsl.Deploy;

/// <summary>A model file that cannot be used: missing, not an ONNX model, or not one exported by DistillDsl (inputs, outputs or
/// metadata missing). The message names the file and the reason.</summary>
public sealed class ModelFileException : IOException
{
    public ModelFileException(string path, string reason, Exception? inner = null)
        : base($"Model '{path}' cannot be used: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    public string Path { get; }

    public string Reason { get; }
}
