namespace DistillDsl.PowerShell.Runs;

/// <summary>How the networks store activations (-MemoryFormat of Invoke-DistillTraining and Measure-DistillInference).</summary>
public enum DistillMemoryFormat
{
    /// <summary>NHWC: the default, measured faster on the CPU (README "Speed").</summary>
    ChannelsLast,

    /// <summary>NCHW, torch's default layout: for devices where channels-last measures slower.</summary>
    Contiguous,
}
