using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Model
{
    /// <summary>A frozen pretrained backbone, the taps read from it, its loss weight and the student that imitates it.</summary>
    /// <param name="Name">Identifier of the teacher within the config (snake_case), referenced by the combination.</param>
    /// <param name="Backbone">A name from <see cref="BackboneCatalog"/>.</param>
    /// <param name="Normalization">How images are normalised for this teacher (the catalog's default unless the config says otherwise).</param>
    /// <param name="Alpha">Weight of this teacher's loss in the total loss (paper Eq. 8: α = 0.1 on EfficientNet).</param>
    /// <param name="ReflectBorder">Pixels (of the image the teacher reads, after <paramref name="Downsample"/>) the image is mirrored out by on each side before the teacher reads it (0: none); each
    /// tap's features are cropped back to the image's extent, so borders are read like the inside of a texture, not
    /// against the convolutions' zero padding.</param>
    /// <param name="Downsample">The teacher (and its student) read the normalised image averaged over blocks of this many
    /// pixels a side (1: the image as it is; 2: half its resolution), so one config can compare the same layers at several
    /// scales; maps are still upsampled to the input size.</param>
    /// <param name="Taps">Taps in forward order.</param>
    public sealed record TeacherSpec(
        string Name,
        string Backbone,
        WeightsSpec Weights,
        InputNormalization Normalization,
        double Alpha,
        int ReflectBorder,
        int Downsample,
        EquatableArray<TapSpec> Taps,
        StudentSpec Student,
        SourceSpan Span,
        SourceSpan NameSpan,
        SourceSpan BackboneSpan,
        SourceSpan ReflectBorderSpan,
        SourceSpan DownsampleSpan);
}
