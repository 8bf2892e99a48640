using DistillDsl.Spec.Model;
using DistillDsl.Tests.Scoring;
using DistillDsl.Training.Augmentation;
using static DistillDsl.Tests.Scoring.ScoringReference;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training.Augmentation;

/// <summary><c>training.augment</c>: the changes by hand (flips, rotations), colour jitter against torchvision's formulas in
/// PyTorch (Fixtures/Scoring/make_scoring_fixture.py), and the seeded draws.</summary>
public class BatchAugmentationTests
{
    private static readonly SourceSpan NoSpan = SourceSpan.StartOf("test.yaml");

    [Fact]
    public void Flips_and_quarter_turns_move_pixels_as_torch_does()
    {
        using var scope = NewDisposeScope();
        // One 2×2 image per channel c: values 10c + (1 2 / 3 4).
        Tensor image = tensor(new float[] { 1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24 }).reshape(1, 3, 2, 2);
        Tensor Run(AugmentationChoice c) => BatchAugmentation.Apply(image, [c]);
        var none = AugmentationChoice.None;
        EquationTensors.Equal([2, 1, 4, 3], Run(none with { HorizontalFlip = true })[0, 0]);
        EquationTensors.Equal([3, 4, 1, 2], Run(none with { VerticalFlip = true })[0, 0]);
        // torch.rot90 over (H, W), one turn: counter-clockwise, (1 2 / 3 4) → (2 4 / 1 3).
        EquationTensors.Equal([2, 4, 1, 3], Run(none with { QuarterTurns = 1 })[0, 0]);
        EquationTensors.Equal([4, 3, 2, 1], Run(none with { QuarterTurns = 2 })[0, 2] - 20);
        // Flip first, then turn: (2 1 / 4 3) turned once is (1 3 / 2 4).
        EquationTensors.Equal([1, 3, 2, 4], Run(none with { HorizontalFlip = true, QuarterTurns = 1 })[0, 0]);
        EquationTensors.Equal([1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24], Run(none));
    }

    [Fact]
    public void Colour_jitter_matches_torchvision()
    {
        var c = Root.GetProperty("color_jitter");
        var factors = c.GetProperty("factors").EnumerateArray().Select(f => f.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        using var scope = NewDisposeScope();
        Tensor images = ScoringReference.Tensor(c.GetProperty("images"), 2, 3, 4, 4);
        var choices = factors.Select(f => AugmentationChoice.None with { Brightness = f[0], Contrast = f[1], Saturation = f[2] }).ToList();
        Close(Floats(c.GetProperty("jittered")), BatchAugmentation.Apply(images, choices), absolute: 1e-6, relative: 1e-5);
    }

    [Fact]
    public void Draws_follow_the_seed_and_respect_what_is_enabled()
    {
        var all = new BatchAugmentation(new AugmentationSpec(true, true, true, 0.1, NoSpan));
        var first = all.Draw(64, BatchAugmentation.EpochGenerator(5, 2));
        Assert.Equal(first, all.Draw(64, BatchAugmentation.EpochGenerator(5, 2)));
        Assert.NotEqual(first, all.Draw(64, BatchAugmentation.EpochGenerator(5, 3)));
        Assert.Contains(first, c => c.HorizontalFlip);
        Assert.Contains(first, c => !c.HorizontalFlip);
        Assert.Equal([0, 1, 2, 3], first.Select(c => c.QuarterTurns).Distinct().Order());
        Assert.All(first, c => Assert.InRange(c.Brightness, 0.9, 1.1));
        Assert.All(first, c => Assert.InRange(c.Saturation, 0.9, 1.1));

        // Only vertical flips: the same draws decide them, everything else stays unchanged.
        var vflipOnly = new BatchAugmentation(new AugmentationSpec(false, true, false, 0, NoSpan)).Draw(64, BatchAugmentation.EpochGenerator(5, 2));
        Assert.Equal(first.Select(c => c.VerticalFlip), vflipOnly.Select(c => c.VerticalFlip));
        Assert.All(vflipOnly, c => Assert.Equal(AugmentationChoice.None with { VerticalFlip = c.VerticalFlip }, c));
    }

    [Fact]
    public void A_batch_keeps_its_shape_and_range_and_no_config_asks_for_it_by_default()
    {
        using var scope = NewDisposeScope();
        var augmentation = new BatchAugmentation(new AugmentationSpec(true, true, true, 0.5, NoSpan));
        Tensor batch = rand(4, 3, 8, 8);
        Tensor augmented = augmentation.Apply(batch, BatchAugmentation.EpochGenerator(1, 1));
        Assert.Equal(batch.shape, augmented.shape);
        Assert.True(augmented.min().item<float>() >= 0 && augmented.max().item<float>() <= 1);
        Assert.Throws<ArgumentException>(() => BatchAugmentation.Apply(rand(1, 3, 4, 6), [AugmentationChoice.None with { QuarterTurns = 1 }]));
        foreach (string name in DistillDsl.Configs.CompiledConfigs.Names)
        {
            Assert.Null(BatchAugmentation.For(DistillDsl.Tests.Graphs.TestSpecs.Shipped(name)));
        }
    }
}
