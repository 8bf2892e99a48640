using System.Collections.Generic;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Summary
{
    /// <summary>The catalog stages of a backbone as summary rows: what each is made of and its parameters come from the
    /// <see cref="BackboneCatalog"/> entry (<see cref="TapInfo.StageKind"/>, <see cref="TapInfo.StageParameters"/>), its
    /// channels, stride and output shape from the taps.</summary>
    public static class BackboneStages
    {
        private const int ImageChannels = 3;

        /// <summary>The backbone's stages from the first up to the catalog tap <paramref name="deepestTapIndex"/>, with their
        /// outputs at <paramref name="input"/>.</summary>
        public static IReadOnlyList<ModuleSummary> UpTo(BackboneInfo backbone, int deepestTapIndex, Model.InputSpec input)
        {
            var modules = new List<ModuleSummary>();
            for (int i = 0; i <= deepestTapIndex; i++)
            {
                TapInfo tap = backbone.Taps[i];
                int inChannels = i == 0 ? ImageChannels : backbone.Taps[i - 1].Channels;
                int stride = ShapeInference.StrideStep(backbone, i);
                modules.Add(new ModuleSummary(tap.Name, tap.StageKind, inChannels, tap.Channels, stride, ShapeInference.TeacherTap(tap, input), tap.StageParameters));
            }
            return modules;
        }
    }
}
