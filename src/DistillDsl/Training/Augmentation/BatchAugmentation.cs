using DistillDsl.Spec.Model;
using DistillDsl.Torch;
using static TorchSharp.torch;

namespace DistillDsl.Training.Augmentation;

/// <summary><c>training.augment</c>: random flips, 90° rotations and colour jitter of a training batch, drawn per image from
/// a seeded generator. The trainer applies it to the image batch after it is gathered (from the files or the cache) and
/// gives the result to both the teacher and the student, so the teacher must run on every augmented batch: cached teacher
/// features are of the unaugmented images.</summary>
public sealed class BatchAugmentation
{
    /// <summary>Values drawn per image, whatever is enabled, so that turning one change on does not alter the others' draws.</summary>
    private const int DrawsPerImage = 6;

    public BatchAugmentation(AugmentationSpec spec)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
    }

    public AugmentationSpec Spec { get; }

    /// <summary>The augmentation of a config, or null when it asks for none (the trainer can then use cached teacher features).</summary>
    public static BatchAugmentation? For(DistillSpec spec) => spec.Training.Augmentation.IsEnabled ? new BatchAugmentation(spec.Training.Augmentation) : null;

    /// <summary>A CPU generator for one epoch of a run: the same (seed, epoch) draws the same changes, so a resumed run (which
    /// redoes whole epochs) augments exactly as an uninterrupted one.</summary>
    public static Generator EpochGenerator(int seed, int epoch) =>
        new Generator(unchecked((ulong)(uint)seed * 1_000_003UL + (ulong)(uint)epoch), CPU);

    /// <summary>[B, 3, H, W] RGB in [0, 1] → a new batch of the same shape, each image changed as drawn from <paramref name="generator"/>
    /// (a CPU generator; the draws advance it by 6 values per image).</summary>
    public Tensor Apply(Tensor rgb, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(generator);
        return Apply(rgb, Draw((int)rgb.shape[0], generator));
    }

    /// <summary>One choice per image: each change with the probabilities the spec gives, or none where it is off.</summary>
    public IReadOnlyList<AugmentationChoice> Draw(int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        float[] u = rand([count, DrawsPerImage], generator: generator).data<float>().ToArray();
        double j = Spec.ColorJitter;
        double Factor(float value) => j > 0 ? 1 + j * (2 * value - 1) : 1;
        var choices = new AugmentationChoice[count];
        for (int i = 0; i < count; i++)
        {
            int o = i * DrawsPerImage;
            choices[i] = new AugmentationChoice(
                Spec.HorizontalFlip && u[o] < 0.5f,
                Spec.VerticalFlip && u[o + 1] < 0.5f,
                Spec.Rotate90 ? Math.Min((int)(u[o + 2] * 4), 3) : 0,
                Factor(u[o + 3]), Factor(u[o + 4]), Factor(u[o + 5]));
        }
        return choices;
    }

    /// <summary>Applies given choices, one per image ([B, 3, H, W] RGB in [0, 1], any device) → a new batch.</summary>
    public static Tensor Apply(Tensor rgb, IReadOnlyList<AugmentationChoice> choices)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3) throw new ArgumentException($"Augmentation takes [B, 3, H, W] RGB batches; got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        if (choices.Count != rgb.shape[0]) throw new ArgumentException($"{choices.Count} augmentation choices for {rgb.shape[0]} images.", nameof(choices));
        if (choices.Any(c => c.QuarterTurns % 2 == 1) && rgb.shape[2] != rgb.shape[3])
        {
            throw new ArgumentException($"90° rotations need square images; the batch is {rgb.shape[2]}×{rgb.shape[3]}.", nameof(rgb));
        }
        using var scope = NewDisposeScope();
        var images = new Tensor[choices.Count];
        for (int i = 0; i < choices.Count; i++)
        {
            AugmentationChoice c = choices[i];
            Tensor image = rgb[i..(i + 1)];
            if (c.HorizontalFlip) image = image.flip(3);
            if (c.VerticalFlip) image = image.flip(2);
            if (c.QuarterTurns != 0) image = image.rot90(c.QuarterTurns, (2, 3));
            if (c.ChangesColour) image = ColourJitter(image, c.Brightness, c.Contrast, c.Saturation);
            images[i] = image;
        }
        return cat(images, 0).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>torchvision 0.14's adjust_brightness, adjust_contrast and adjust_saturation on tensors, in that order: each a
    /// blend f · image + (1 − f) · other, clamped to [0, 1], with other = 0, the mean grey level of the image, and its grey
    /// image (ITU-R 601-2 luma: 0.2989 R + 0.587 G + 0.114 B).</summary>
    public static Tensor ColourJitter(Tensor image, double brightness, double contrast, double saturation)
    {
        using var scope = NewDisposeScope();
        Tensor x = Blend(image, null, brightness);
        x = Blend(x, Grey(x).mean([1, 2, 3], keepdim: true), contrast);
        x = Blend(x, Grey(x), saturation);
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor Grey(Tensor rgb)
    {
        Tensor[] c = rgb.unbind(1);
        return (ScalarArithmetic.Mul(c[0], 0.2989) + ScalarArithmetic.Mul(c[1], 0.587) + ScalarArithmetic.Mul(c[2], 0.114)).unsqueeze(1);
    }

    private static Tensor Blend(Tensor image, Tensor? other, double ratio)
    {
        Tensor blended = ScalarArithmetic.Mul(image, ratio);
        if (other is not null) blended = blended + ScalarArithmetic.Mul(other, 1 - ratio);
        return ScalarArithmetic.ClampInPlace(blended, 0, 1);
    }
}
