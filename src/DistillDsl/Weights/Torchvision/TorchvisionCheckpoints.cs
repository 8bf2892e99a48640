using DistillDsl.Backbones;
using DistillDsl.Spec.Backbones;

namespace DistillDsl.Weights.Torchvision;

/// <summary>torchvision's ImageNet checkpoints for the catalog's backbones (<see cref="BackboneInfo.TorchvisionCheckpoint"/>):
/// where they come from, and loading them into a backbone.</summary>
public static class TorchvisionCheckpoints
{
    public const string DownloadBase = "https://download.pytorch.org/models/";

    /// <summary>Where torchvision downloads <paramref name="fileName"/> from, for the catalog's checkpoints; null for
    /// other files.</summary>
    public static string? DownloadUrl(string fileName) =>
        BackboneCatalog.All.Any(b => b.TorchvisionCheckpoint == fileName || b.OlderTorchvisionCheckpoints.Contains(fileName)) ? DownloadBase + fileName : null;

    /// <summary>Loads the backbone's torchvision checkpoint: from <paramref name="explicitPath"/> when given, otherwise
    /// found by its file name in torch's hub folders (<paramref name="environment"/>, default: this process's).</summary>
    /// <returns>The checkpoint's full path.</returns>
    /// <exception cref="WeightsException">Not found, hash mismatch, unreadable, or names and shapes that do not fit.</exception>
    public static string LoadInto(ITappedBackbone backbone, string? explicitPath = null, TorchHubEnvironment? environment = null)
    {
        string path = CheckpointLocator.Locate(explicitPath, [backbone.Info.TorchvisionCheckpoint, .. backbone.Info.OlderTorchvisionCheckpoints], environment ?? TorchHubEnvironment.FromProcess());
        StateDictLoader.Load(backbone.AsModule(), path);
        return path;
    }
}
