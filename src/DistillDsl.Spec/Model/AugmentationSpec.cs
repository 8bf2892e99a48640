namespace DistillDsl.Spec.Model
{
    /// <summary><c>training.augment</c>: random changes of each training image, drawn per image and applied to the one input
    /// that both the teacher and the student see. Validation images are never augmented.</summary>
    /// <param name="HorizontalFlip">Mirror left-right with probability ½.</param>
    /// <param name="VerticalFlip">Mirror top-bottom with probability ½.</param>
    /// <param name="Rotate90">Rotate by 0°, 90°, 180° or 270°, each with probability ¼ (square inputs only).</param>
    /// <param name="ColorJitter">j in [0, 0.5]: brightness, contrast and saturation factors each drawn uniformly from
    /// [1 − j, 1 + j] (torchvision's ColorJitter formulas); 0 for none.</param>
    public sealed record AugmentationSpec(bool HorizontalFlip, bool VerticalFlip, bool Rotate90, double ColorJitter, SourceSpan Span)
    {
        /// <summary>True when any change is asked for: the trainer must then run the teacher on every augmented batch
        /// (cached teacher features are of the unaugmented images).</summary>
        public bool IsEnabled => HorizontalFlip || VerticalFlip || Rotate90 || ColorJitter > 0;
    }
}
