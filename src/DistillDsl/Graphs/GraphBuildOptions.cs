using DistillDsl.Weights.Torchvision;

namespace DistillDsl.Graphs;

/// <summary>How a <see cref="DistillGraph"/> is built from its spec: device, seed and where teacher weights come from.</summary>
public sealed record GraphBuildOptions
{
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (see <see cref="Devices.DeviceSelector.Resolve"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Seeds the initialisation of every student and of every randomly initialised teacher; the same spec and
    /// seed give identical parameters (<see cref="SeededInitialisation"/>).</summary>
    public int Seed { get; init; }

    /// <summary>What relative <c>weights: { file: ... }</c> paths resolve against; the current directory when null.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Where torchvision checkpoints (EfficientNet-b0's ImageNet weights) are looked for; this process's torch hub
    /// folders when null.</summary>
    public TorchHubEnvironment? TorchHub { get; init; }

    /// <summary>Where the converted ImageNet ResNet-18 is cached; <see cref="Weights.WeightsCache.ResolveDirectory"/>'s default when null.</summary>
    public string? WeightsCacheDirectory { get; init; }

    /// <summary>Give <c>imagenet</c> and <c>file</c> teachers seeded random weights instead of loading any file (tests, and
    /// machines without the weights). Layouts and normalisations stay those of the real weights.</summary>
    public bool RandomTeacherWeights { get; init; }
}
