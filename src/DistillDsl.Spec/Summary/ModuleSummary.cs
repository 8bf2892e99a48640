using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Summary
{
    /// <summary>One row of an architecture summary: a stage of a network, or the pooling of one teacher tap.</summary>
    /// <param name="Name">The stage or tap name (<c>stem</c>, <c>layer1</c>, <c>stage5</c>…).</param>
    /// <param name="Kind">What the module is, e.g. <c>2 × BasicBlock</c> or <c>adaptive_avg to 32×32</c>.</param>
    /// <param name="Stride">The module's own stride (how much it shrinks each side), not the stride from the input.</param>
    /// <param name="Output">The module's output at the config's input size.</param>
    /// <param name="Parameters">Trainable parameters (see <see cref="LayerParameters"/>).</param>
    /// <param name="Upsampling">How much the module enlarges each side (a decoder stage of reverse distillation: 2); 1 for
    /// every module that does not, whose <paramref name="Stride"/> then says how much it shrinks them.</param>
    public sealed record ModuleSummary(string Name, string Kind, int InChannels, int OutChannels, int Stride, FeatureShape Output, long Parameters,
                                       int Upsampling = 1);
}
