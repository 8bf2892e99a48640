using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DistillDsl.Spec.Summary
{
    /// <summary>Renders an <see cref="ArchitectureDescription"/> as aligned plain-text tables, lines ending in \n.</summary>
    public static class SummaryText
    {
        private static readonly string[] ModuleHeader = { "module", "kind", "in", "out", "stride", "output", "parameters" };
        private static readonly string[] TapHeader = { "tap", "pooling", "in", "out", "stride", "output", "parameters" };
        private static readonly bool[] RightAligned = { false, false, true, true, true, false, true };

        public static string Render(ArchitectureDescription description)
        {
            var text = new StringBuilder();
            text.Append($"Architecture of {description.ConfigName} at input 3×{description.InputHeight}×{description.InputWidth}\n");
            text.Append("stride: the module's own; output: C×H×W at this input; parameters: weights and biases of convolutions\n");
            text.Append("and batch norms (running statistics are buffers, not parameters)\n");
            foreach (SummarySection section in description.Sections)
            {
                text.Append('\n').Append(section.Heading).Append('\n');
                var rows = section.Modules.Select(Row).ToList();
                if (section.Role != SummaryRole.TapPooling)
                {
                    rows.Add(new[] { "total", "", "", "", "", "", Count(section.Parameters) });
                }
                AppendTable(text, rows, section.Role == SummaryRole.TapPooling ? TapHeader : ModuleHeader);
            }
            text.Append("\nTotals\n");
            AppendTable(text, new List<string[]>
            {
                new[] { "teachers, frozen", Count(description.TeacherParameters) },
                new[] { "students, trainable", Count(description.StudentParameters) },
                new[] { "all", Count(description.TotalParameters) },
            }, header: null);
            return text.ToString();
        }

        private static string[] Row(ModuleSummary module) => new[]
        {
            module.Name, module.Kind, Integer(module.InChannels), Integer(module.OutChannels),
            module.Upsampling > 1 ? "1/" + Integer(module.Upsampling) : Integer(module.Stride),
            module.Output.ToString(), Count(module.Parameters),
        };

        /// <summary>Two-space indented columns separated by two spaces; text left-aligned, numbers right-aligned.</summary>
        private static void AppendTable(StringBuilder text, List<string[]> rows, string[]? header)
        {
            bool withHeader = header != null;
            var all = header != null ? new[] { header }.Concat(rows).ToList() : rows;
            int columns = all[0].Length;
            var widths = Enumerable.Range(0, columns).Select(c => all.Max(r => r[c].Length)).ToArray();
            foreach (string[] row in all)
            {
                var cells = Enumerable.Range(0, columns).Select(c =>
                    IsRightAligned(c, columns, withHeader) ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
                text.Append("  ").Append(string.Join("  ", cells).TrimEnd()).Append('\n');
            }
        }

        private static bool IsRightAligned(int column, int columns, bool withHeader) =>
            withHeader ? RightAligned[column] : column == columns - 1;

        private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
