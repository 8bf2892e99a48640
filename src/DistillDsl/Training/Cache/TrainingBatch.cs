using DistillDsl.Data;
using static TorchSharp.torch;

namespace DistillDsl.Training.Cache;

/// <summary>One batch as a training or validation step takes it: the images and, when they come from a
/// <see cref="TrainingCache"/>, the teachers' pooled taps of those images. Owns its tensors.</summary>
internal sealed class TrainingBatch : IDisposable
{
    private readonly IDisposable? owner;

    private TrainingBatch(Tensor images, IReadOnlyList<IReadOnlyList<Tensor>>? teacherTaps, int count, IDisposable? owner)
    {
        Images = images;
        TeacherTaps = teacherTaps;
        Count = count;
        this.owner = owner;
    }

    /// <summary>RGB in [0, 1], [B, 3, S, S], on the graph's device.</summary>
    public Tensor Images { get; }

    /// <summary>Per teacher (config order), per tap (spec order): the frozen teacher's pooled features; null when the
    /// teachers are to be run.</summary>
    public IReadOnlyList<IReadOnlyList<Tensor>>? TeacherTaps { get; }

    public int Count { get; }

    public static TrainingBatch Streamed(Batch batch) => new(batch.Images, null, batch.Count, batch);

    public static TrainingBatch Cached(Tensor images, IReadOnlyList<IReadOnlyList<Tensor>>? teacherTaps) =>
        new(images, teacherTaps, (int)images.shape[0], null);

    public void Dispose()
    {
        if (owner is not null)
        {
            owner.Dispose();
            return;
        }
        Images.Dispose();
        foreach (Tensor tap in (TeacherTaps ?? []).SelectMany(t => t)) tap.Dispose();
    }
}
