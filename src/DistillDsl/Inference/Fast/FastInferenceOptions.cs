namespace DistillDsl.Inference.Fast;

/// <summary>Choices of <see cref="FastInferenceGraph"/> that measurement decides.</summary>
public sealed record FastInferenceOptions
{
    /// <summary>Run the networks in channels-last memory format. Off by default: MEASURED-CHANNELS-LAST.</summary>
    public bool ChannelsLast { get; init; }
}
