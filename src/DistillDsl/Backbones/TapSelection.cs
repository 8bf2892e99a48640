using DistillDsl.Spec.Backbones;

namespace DistillDsl.Backbones;

/// <summary>Checks requested tap names against a backbone's catalog entry, for <see cref="ITappedBackbone.ForwardTaps"/>.
/// Shared by every backbone so the messages read the same.</summary>
internal static class TapSelection
{
    /// <summary>Index (in forward order) of the deepest requested tap, so the forward pass can stop there.</summary>
    /// <exception cref="ArgumentException">No taps were requested, or a name is not one of the backbone's taps.</exception>
    public static int DeepestIndex(BackboneInfo backbone, IReadOnlyCollection<string> taps)
    {
        string valid = string.Join(", ", backbone.TapNames);
        if (taps.Count == 0)
        {
            throw new ArgumentException($"No taps requested from {backbone.Name}. Valid taps: {valid}.", nameof(taps));
        }

        int deepest = -1;
        foreach (string tap in taps)
        {
            int index = backbone.IndexOfTap(tap);
            if (index < 0)
            {
                throw new ArgumentException($"Unknown tap '{tap}' for {backbone.Name}. Valid taps: {valid}.", nameof(taps));
            }
            deepest = Math.Max(deepest, index);
        }
        return deepest;
    }
}
