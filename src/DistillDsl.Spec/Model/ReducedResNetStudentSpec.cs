using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Model
{
    /// <summary>What one "block" of a reduced ResNet stage is.</summary>
    public enum ResidualBlockKind
    {
        /// <summary>3×3 conv + batch norm + ReLU: the paper's "one layer for each block" (§3.2).</summary>
        Conv,

        /// <summary>A torchvision BasicBlock (two 3×3 convs with a shortcut): the authors' code.</summary>
        Basic,
    }

    /// <summary>The paper's Reduced Student (§3.2) and the authors' variant of it: the ResNet-18 stem
    /// (7×7/2 conv, batch norm, ReLU, 3×3/2 max pool), then one stage per entry of <paramref name="Stages"/>.</summary>
    /// <param name="StemTap">Whether the student's stem output is compared with the teacher's <c>stem</c> tap.</param>
    public sealed record ReducedResNetStudentSpec(
        ResidualBlockKind Block,
        bool StemTap,
        EquatableArray<ReducedStageSpec> Stages,
        SourceSpan Span) : StudentSpec(Span);

    /// <summary>One stage of a reduced ResNet student, named after the teacher tap it produces.</summary>
    /// <param name="Blocks">Blocks in the stage (the first one carries the stride).</param>
    /// <param name="WidthRatio">Output channels = ratio × the teacher tap's catalog channels.</param>
    /// <param name="Stride">Stride of the stage's first block (the config's value, else the teacher's own stride step).</param>
    public sealed record ReducedStageSpec(
        string Name,
        int Blocks,
        double WidthRatio,
        int Stride,
        SourceSpan Span,
        SourceSpan NameSpan);
}
