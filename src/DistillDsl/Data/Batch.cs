using static TorchSharp.torch;

namespace DistillDsl.Data;

/// <summary>A batch of samples on one device; owns its tensors, dispose it when done.</summary>
public sealed class Batch : IDisposable
{
    internal Batch(Tensor images, Tensor masks, IReadOnlyList<DatasetSample> samples)
    {
        Images = images;
        Masks = masks;
        Samples = samples;
    }

    /// <summary>Images normalised as the stream's preprocessing says (RGB in [0, 1] without a normalisation), float32 [B, 3, S, S].</summary>
    public Tensor Images { get; }

    /// <summary>Ground-truth masks, float32 0/1 [B, 1, S, S]; zeros for samples without a mask (normal images, and
    /// anomalous images of datasets without masks: check <see cref="DatasetSample.MaskPath"/>).</summary>
    public Tensor Masks { get; }

    /// <summary>The samples, in the batch's order.</summary>
    public IReadOnlyList<DatasetSample> Samples { get; }

    public int Count => Samples.Count;

    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
    }
}
