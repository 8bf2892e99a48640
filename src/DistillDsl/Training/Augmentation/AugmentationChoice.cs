namespace DistillDsl.Training.Augmentation;

/// <summary>What <see cref="BatchAugmentation"/> does to one image, in this order: flips, rotation, colour jitter.</summary>
/// <param name="QuarterTurns">0–3 turns of 90° (torch.rot90 over height and width: counter-clockwise).</param>
/// <param name="Brightness">torchvision's adjust_brightness factor (1 = unchanged).</param>
/// <param name="Contrast">adjust_contrast factor (1 = unchanged).</param>
/// <param name="Saturation">adjust_saturation factor (1 = unchanged).</param>
public sealed record AugmentationChoice(bool HorizontalFlip, bool VerticalFlip, int QuarterTurns, double Brightness, double Contrast, double Saturation)
{
    public static AugmentationChoice None { get; } = new(false, false, 0, 1, 1, 1);

    public bool ChangesColour => Brightness != 1 || Contrast != 1 || Saturation != 1;
}
