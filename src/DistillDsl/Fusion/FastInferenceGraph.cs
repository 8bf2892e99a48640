using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using static TorchSharp.torch;

namespace DistillDsl.Fusion;

/// <summary>Inference form of a <see cref="DistillGraph"/>: anomaly maps and raw image scores in one call, on the graph's
/// device, equal to the plain path (<c>graph.forward</c> → <see cref="DistillGraph.AnomalyMap"/> → <see cref="DistillGraph.Score"/>
/// in eval mode) within float32 rounding.</summary>
/// <remarks>
/// <para>What makes it faster: every batch norm is folded into the convolution before it (teachers and students, with the
/// students' running statistics: eval-mode semantics whatever mode the graph is in), activations run in place on the
/// convolution outputs, stage outputs are freed as soon as the next stage has run, it runs under
/// <c>torch.inference_mode()</c> (no autograd bookkeeping at all), and the normalisation constants live on the device.
/// Preprocessing (<see cref="FastPreprocessing"/>) and the whole map computation (distances, pooling, upsampling,
/// combination, smoothing, score) stay on the device; nothing is copied to the host until the caller asks.</para>
/// <para>Tried and not kept (measured with bench/DistillDsl.Speed on 2 cores of a Xeon with AVX-512, LibTorch 2.10 CPU):
/// see <see cref="FastInferenceOptions"/>.</para>
/// <para>It is a snapshot: the weights are copied when it is built, so a graph trained afterwards needs a new one. The map
/// and score code is the graph's own (<see cref="DistillGraph.AnomalyMap"/>, <see cref="DistillGraph.Score"/>), so the two
/// paths cannot drift; keep the graph alive while this is used.</para>
/// </remarks>
public sealed class FastInferenceGraph : IDisposable
{
    private readonly DistillGraph graph;
    private readonly List<FastBranch> branches;
    private readonly bool channelsLast;

    public FastInferenceGraph(DistillGraph graph, FastInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        this.graph = graph;
        Options = options ?? new FastInferenceOptions();
        branches = PerBranch.Build(graph, b => new FastBranch(b, graph.Device));
        (channelsLast, ChannelsLastRefused) = ChannelsLastSupport.For(Options.ChannelsLast);
        if (channelsLast)
        {
            foreach (FastBranch branch in branches) branch.UseChannelsLast();
        }
    }

    /// <summary>Why the networks run NCHW although channels-last was asked for (<see cref="ChannelsLastSupport"/>); null otherwise.</summary>
    public string? ChannelsLastRefused { get; }

    /// <summary>Whether the networks run channels-last: asked for, and LibTorch's channels-last convolutions are right here.</summary>
    public bool UsesChannelsLast => channelsLast;

    public FastInferenceOptions Options { get; }

    public DistillSpec Spec => graph.Spec;

    /// <summary>The graph's device: where inputs go and outputs are.</summary>
    public Device Device => graph.Device;

    public int Height => Spec.Input.Height;

    public int Width => Spec.Input.Width;

    /// <summary>[B, 3, H, W] RGB in [0, 1] at the graph's input size, on <see cref="Device"/> → the final anomaly maps
    /// [B, 1, H, W] and the raw image scores [B] (<c>score.kind</c>; no test-set normalisation), both new tensors owned by the
    /// caller (and moved into the caller's dispose scope when there is one).</summary>
    public (Tensor Maps, Tensor Scores) Run(Tensor rgb)
    {
        CheckBatch(rgb);
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        using GraphFeatures features = Features(rgb);
        Tensor maps = graph.AnomalyMap(features, Height, Width).contiguous();
        Tensor scores = graph.Score(maps);
        return (maps.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope());
    }

    /// <summary>The maps <c>anomaly_map.normalize</c> applies to, before it (<see cref="DistillGraph.MapsToNormalize"/>), for the
    /// same batches <see cref="Run(Tensor)"/> takes: what the trainer measures the normalisation's quantiles on.</summary>
    public List<(string Teacher, string? Tap, Tensor Map)> MapsToNormalize(Tensor rgb)
    {
        CheckBatch(rgb);
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        using GraphFeatures features = Features(rgb);
        var maps = graph.MapsToNormalize(features, Height, Width);
        foreach (var (_, _, map) in maps) map.MoveToOuterDisposeScope();
        return maps;
    }

    private GraphFeatures Features(Tensor rgb)
    {
        var pairs = new List<(string Branch, string Tap, TapPair Pair)>();
        foreach (FastBranch branch in branches)
        {
            foreach (var (tap, pair) in branch.Features(rgb, channelsLast)) pairs.Add((branch.Name, tap, pair));
        }
        return new GraphFeatures(pairs);
    }

    private void CheckBatch(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dim() != 4 || rgb.shape[1] != 3 || rgb.shape[2] != Height || rgb.shape[3] != Width)
        {
            throw new ArgumentException(
                $"Graph '{Spec.Name}' takes RGB batches of shape [B, 3, {Height}, {Width}]; got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        }
        if (rgb.device_type != Device.type || (Device.index >= 0 && rgb.device_index != Device.index))
        {
            throw new ArgumentException($"Graph '{Spec.Name}' runs on {Device}; the batch is on {rgb.device}.", nameof(rgb));
        }
    }

    /// <summary>uint8 images ([H, W, 3] interleaved RGB, or [B, 3, h, w]) of any size, on any device → maps and scores as
    /// <see cref="Run(Tensor)"/> gives them, after <see cref="FastPreprocessing"/> on <see cref="Device"/>.</summary>
    public (Tensor Maps, Tensor Scores) RunBytes(Tensor imageBytes)
    {
        using Tensor rgb = FastPreprocessing.ToRgb(imageBytes, Height, Width, Device);
        return Run(rgb);
    }

    /// <summary>Decoded images (<see cref="ImageFile.ReadRgb"/>) of any sizes → maps [N, 1, H, W] and scores [N].</summary>
    public (Tensor Maps, Tensor Scores) RunImages(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("No images to run.", nameof(images));
        using var scope = NewDisposeScope();
        Tensor batch = cat(images.Select(image => FastPreprocessing.ToRgb(image, Height, Width, Device)).ToArray(), 0);
        var (maps, scores) = Run(batch);
        return (maps.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        foreach (FastBranch branch in branches) branch.Dispose();
    }
}
