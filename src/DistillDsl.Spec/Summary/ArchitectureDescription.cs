using System.Linq;
using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Summary
{
    /// <summary>The architecture of one config as tables: per teacher its frozen stages, its pooled taps and its student.</summary>
    public sealed record ArchitectureDescription(string ConfigName, int InputHeight, int InputWidth, EquatableArray<SummarySection> Sections)
    {
        /// <summary>Parameters of the frozen teachers.</summary>
        public long TeacherParameters => SumOf(SummaryRole.Teacher);

        /// <summary>Parameters of the students: what the optimiser trains.</summary>
        public long StudentParameters => SumOf(SummaryRole.Student);

        public long TotalParameters => TeacherParameters + StudentParameters;

        private long SumOf(SummaryRole role) => Sections.Where(s => s.Role == role).Sum(s => s.Parameters);
    }
}
