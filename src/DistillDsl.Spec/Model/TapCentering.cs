namespace DistillDsl.Spec.Model
{
    /// <summary>What is subtracted from a teacher tap's pooled features before they meet the student's (<c>center</c>).</summary>
    public enum TapCentering
    {
        /// <summary>Nothing.</summary>
        None,

        /// <summary>Each channel's mean over the image's positions: the features say how a place differs from the rest of its
        /// image, so a brightness or colour shift of the whole image (exposure, lighting) does not change them, while a
        /// region that is darker or tinted against its surroundings does.</summary>
        ImageMean,
    }
}
