using System;
using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Validation
{
    /// <summary>Checks of a student's own structure against its teacher's backbone, before shapes are compared.</summary>
    internal static class StudentChecks
    {
        /// <summary>True when the student is buildable for this teacher, so its output shapes mean something.</summary>
        /// <param name="teacherPath">The teacher's key path (<c>teachers[i]</c>); the student's is that + <c>.student</c>.</param>
        public static bool CheckStructure(TeacherSpec teacher, BackboneInfo backbone, string teacherPath, DiagnosticBag diagnostics)
        {
            string path = teacherPath + ".student";
            switch (teacher.Student)
            {
                case ReducedResNetStudentSpec reduced:
                    return CheckReduced(reduced, teacher, backbone, path, diagnostics);
                case LightStudentSpec light:
                    return CheckLight(light, teacher, backbone, path, diagnostics);
                case ReverseDistillationStudentSpec reverse:
                    return CheckReverseDistillation(reverse, teacher, backbone, teacherPath, diagnostics);
                default:
                    return true;
            }
        }

        /// <summary>Where a problem with the student's output for <paramref name="tap"/> is reported: the stage producing it, else the student.</summary>
        public static SourceSpan SpanFor(StudentSpec student, string tap) =>
            student is ReducedResNetStudentSpec reduced && reduced.Stages.FirstOrDefault(s => s.Name == tap) is ReducedStageSpec stage
                ? stage.Span
                : student.Span;

        /// <summary>A hint for a tap a student does not produce.</summary>
        public static string HowToProduce(StudentSpec student, string tap)
        {
            if (!(student is ReducedResNetStudentSpec)) return "";
            return tap == "stem" ? " (set stem_tap: true)" : $" (add the stages up to '{tap}')";
        }

        private static bool CheckReduced(ReducedResNetStudentSpec reduced, TeacherSpec teacher, BackboneInfo backbone, string path, DiagnosticBag diagnostics)
        {
            if (backbone.Name != BackboneCatalog.ResNet18)
            {
                diagnostics.Add(DiagnosticCatalog.StudentNotSupported.Create(reduced.Span, path,
                    $"the reduced_resnet student is built for {BackboneCatalog.ResNet18} teachers, not {backbone.Name}; use mirror or light"));
                return false;
            }
            bool ok = true;
            var stageTaps = backbone.Taps.Where(t => t.Name != "stem").ToList();
            string stageNames = string.Join(", ", stageTaps.Select(t => t.Name));
            for (int i = 0; i < reduced.Stages.Count; i++)
            {
                ReducedStageSpec stage = reduced.Stages[i];
                string stagePath = $"{path}.stages[{i}]";
                if (i >= stageTaps.Count || stage.Name != stageTaps[i].Name)
                {
                    string expected = i < stageTaps.Count ? $"'{stageTaps[i].Name}'" : "nothing (there are no more stages)";
                    diagnostics.Add(DiagnosticCatalog.StudentNotSupported.Create(stage.NameSpan, stagePath,
                        $"stage {i + 1} is '{stage.Name}' but must be {expected}: stages follow the teacher's stages in order ({stageNames})"));
                    ok = false;
                    continue;
                }
                ok &= CheckWidth(stage.WidthRatio, stageTaps[i], stage.Span, stagePath + ".width_ratio", diagnostics);
            }

            bool tapsStem = teacher.Taps.Any(t => t.Name == "stem");
            if (reduced.StemTap && !tapsStem)
            {
                diagnostics.Add(DiagnosticCatalog.StudentTapsDiffer.Create(reduced.Span, path, "stem_tap is true, but the teacher does not tap 'stem'"));
                ok = false;
            }
            int deepestTapped = teacher.Taps.Select(t => backbone.IndexOfTap(t.Name)).DefaultIfEmpty(-1).Max();
            foreach (ReducedStageSpec stage in reduced.Stages)
            {
                int index = backbone.IndexOfTap(stage.Name);
                if (index > deepestTapped)
                {
                    diagnostics.Add(DiagnosticCatalog.StudentTapsDiffer.Create(stage.NameSpan, path,
                        $"stage '{stage.Name}' comes after the deepest tap the teacher reads; remove it"));
                    ok = false;
                }
            }
            return ok;
        }

        /// <summary>The stage taps a reverse distillation student can read and reproduce: every ResNet stage that has a next
        /// stage for the bottleneck to imitate (layer1, layer2, layer3 of ResNet-18).</summary>
        public static readonly string[] ReverseDistillationTaps = { "layer1", "layer2", "layer3" };

        private static bool CheckReverseDistillation(ReverseDistillationStudentSpec reverse, TeacherSpec teacher, BackboneInfo backbone, string teacherPath, DiagnosticBag diagnostics)
        {
            string path = teacherPath + ".student";
            if (backbone.Name != BackboneCatalog.ResNet18)
            {
                diagnostics.Add(DiagnosticCatalog.StudentNotSupported.Create(reverse.Span, path,
                    $"the reverse_distillation student is built for {BackboneCatalog.ResNet18} teachers, not {backbone.Name}"));
                return false;
            }
            bool ok = true;
            string allowed = string.Join(", ", ReverseDistillationTaps);
            for (int j = 0; j < teacher.Taps.Count; j++)
            {
                TapSpec tap = teacher.Taps[j];
                string tapPath = $"{teacherPath}.taps[{j}]";
                if (backbone.FindTap(tap.Name) is null) { ok = false; continue; } // DD0015 already says so
                if (Array.IndexOf(ReverseDistillationTaps, tap.Name) < 0)
                {
                    string why = tap.Name == "stem"
                        ? "the stem is no residual stage; tap layer1, which has the same shape"
                        : $"the bottleneck imitates the stage after the deepest tap, and {backbone.Name} has none after '{tap.Name}'";
                    diagnostics.Add(DiagnosticCatalog.ReverseDistillationTap.Create(tap.NameSpan, tapPath, allowed, backbone.Name, tap.Name, why));
                    ok = false;
                }
                if (tap.Pool != null)
                {
                    diagnostics.Add(DiagnosticCatalog.ReverseDistillationPooling.Create(tap.Pool.Span, tapPath + ".pool", tap.Name, "pool"));
                    ok = false;
                }
                if (tap.ChannelPool != null)
                {
                    diagnostics.Add(DiagnosticCatalog.ReverseDistillationPooling.Create(tap.ChannelPool.Span, tapPath + ".channel_pool", tap.Name, "channel_pool"));
                    ok = false;
                }
            }
            return ok;
        }

        private static bool CheckLight(LightStudentSpec light, TeacherSpec teacher, BackboneInfo backbone, string path, DiagnosticBag diagnostics)
        {
            int deepestTapped = teacher.Taps.Select(t => backbone.IndexOfTap(t.Name)).DefaultIfEmpty(-1).Max();
            // One message is enough: the same ratio applies to every block.
            for (int i = 0; i <= deepestTapped; i++)
            {
                if (!CheckWidth(light.WidthRatio, backbone.Taps[i], light.Span, path + ".width_ratio", diagnostics)) return false;
            }
            return true;
        }

        private static bool CheckWidth(double ratio, TapInfo tap, SourceSpan span, string keyPath, DiagnosticBag diagnostics)
        {
            double channels = tap.Channels * ratio;
            if (Math.Abs(channels - Math.Round(channels)) < 1e-9 && Math.Round(channels) >= 1) return true;
            diagnostics.Add(DiagnosticCatalog.WidthNotWhole.Create(span, keyPath, ratio, tap.Channels, tap.Name, channels));
            return false;
        }
    }
}
