namespace DistillDsl.Fusion;

/// <summary>The activation a <see cref="FusedConvolution"/> applies in place to its output.</summary>
internal enum FusedActivation
{
    None,
    ReLU,
    SiLU,
    Sigmoid,
}
