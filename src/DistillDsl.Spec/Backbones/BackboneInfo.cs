using System.Collections.Generic;
using System.Linq;

namespace DistillDsl.Spec.Backbones
{
    /// <summary>What the DSL and the runtime need to know about a backbone without building it.</summary>
    public sealed class BackboneInfo
    {
        public BackboneInfo(string name, string description, IReadOnlyList<TapInfo> taps, InputNormalization defaultNormalization, string torchvisionCheckpoint,
            params string[] olderTorchvisionCheckpoints)
        {
            Name = name;
            Description = description;
            Taps = taps;
            DefaultNormalization = defaultNormalization;
            TorchvisionCheckpoint = torchvisionCheckpoint;
            OlderTorchvisionCheckpoints = olderTorchvisionCheckpoints;
        }

        /// <summary>The name used in YAML configs, e.g. <c>resnet18</c>.</summary>
        public string Name { get; }

        public string Description { get; }

        /// <summary>Taps in forward order.</summary>
        public IReadOnlyList<TapInfo> Taps { get; }

        public InputNormalization DefaultNormalization { get; }

        /// <summary>File name of torchvision's ImageNet checkpoint (hash prefix included), as found in
        /// <c>$TORCH_HOME/hub/checkpoints</c>.</summary>
        public string TorchvisionCheckpoint { get; }

        /// <summary>Names under which older torchvision releases saved the same backbone's ImageNet weights
        /// (a user's torch cache may hold only those).</summary>
        public IReadOnlyList<string> OlderTorchvisionCheckpoints { get; }

        public IEnumerable<string> TapNames => Taps.Select(t => t.Name);

        /// <summary>A catalog tap, or <see cref="BackboneCatalog.ImageTap"/> for <c>image</c>, which every backbone offers.</summary>
        public TapInfo? FindTap(string name) =>
            name == BackboneCatalog.ImageTapName ? BackboneCatalog.ImageTap : Taps.FirstOrDefault(t => t.Name == name);

        /// <summary>Position of a catalog tap in forward order, or −1 (also for the image tap, which comes before every layer).</summary>
        public int IndexOfTap(string name)
        {
            for (int i = 0; i < Taps.Count; i++)
            {
                if (Taps[i].Name == name) return i;
            }
            return -1;
        }
    }
}
