using System.Linq;
using DistillDsl.Spec.Collections;

namespace DistillDsl.Spec.Summary
{
    public enum SummaryRole
    {
        /// <summary>A frozen teacher's stages up to its deepest tap.</summary>
        Teacher,

        /// <summary>A teacher's taps after their spatial and channel pooling: what the loss compares.</summary>
        TapPooling,

        /// <summary>The trainable student of a teacher.</summary>
        Student,
    }

    /// <summary>One table of an architecture summary.</summary>
    /// <param name="Teacher">The teacher (branch) the section belongs to.</param>
    /// <param name="Heading">One line that says what the table is.</param>
    public sealed record SummarySection(string Teacher, SummaryRole Role, string Heading, EquatableArray<ModuleSummary> Modules)
    {
        public long Parameters => Modules.Sum(m => m.Parameters);
    }
}
