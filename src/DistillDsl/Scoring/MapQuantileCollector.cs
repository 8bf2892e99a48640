using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Scoring;

/// <summary>Gathers the pixels of each map that <c>anomaly_map.normalize</c> applies to, batch by batch, and gives their
/// q_a and q_b quantiles (<see cref="Quantile"/>: linear, as torch.quantile) over all images as a
/// <see cref="MapNormalization"/>. Exact: every pixel is kept on the host (4 bytes per pixel per map).</summary>
public sealed class MapQuantileCollector
{
    private readonly DistillSpec spec;
    private readonly IReadOnlyList<(string Teacher, string? Tap)> keys;
    private readonly List<float>[] pixels;

    public MapQuantileCollector(DistillSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.AnomalyMap.Normalization.IsEnabled) throw new ArgumentException($"Config '{spec.Name}' does not normalise its maps.", nameof(spec));
        this.spec = spec;
        keys = MapNormalization.KeysOf(spec);
        pixels = keys.Select(_ => new List<float>()).ToArray();
    }

    /// <summary>Number of images added so far.</summary>
    public int Images { get; private set; }

    /// <param name="maps">One [B, 1, H, W] map per key of <see cref="MapNormalization.KeysOf"/>, in that order, before
    /// normalisation.</param>
    public void Add(IReadOnlyList<(string Teacher, string? Tap, Tensor Map)> maps)
    {
        if (maps.Count != keys.Count || maps.Where((m, i) => m.Teacher != keys[i].Teacher || m.Tap != keys[i].Tap).Any())
        {
            throw new ArgumentException($"Expected the maps {string.Join(", ", keys)}; got {string.Join(", ", maps.Select(m => (m.Teacher, m.Tap)))}.", nameof(maps));
        }
        for (int i = 0; i < maps.Count; i++)
        {
            using Tensor host = maps[i].Map.detach().to(ScalarType.Float32).cpu().contiguous();
            pixels[i].AddRange(host.data<float>().ToArray());
        }
        Images += (int)maps[0].Map.shape[0];
    }

    public MapNormalization Result()
    {
        if (Images == 0) throw new InvalidOperationException("No validation maps were added, so no quantiles can be taken.");
        MapNormalizationSpec normalization = spec.AnomalyMap.Normalization;
        var values = new List<MapQuantiles>();
        for (int i = 0; i < keys.Count; i++)
        {
            float[] sorted = pixels[i].ToArray();
            Array.Sort(sorted);
            values.Add(new MapQuantiles(keys[i].Teacher, keys[i].Tap,
                Quantile.OfSorted(sorted, normalization.QuantileA), Quantile.OfSorted(sorted, normalization.QuantileB)));
        }
        return new MapNormalization(normalization.Level, normalization.QuantileA, normalization.QuantileB, values);
    }
}
