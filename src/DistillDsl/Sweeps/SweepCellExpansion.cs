using System.Text;

namespace DistillDsl.Sweeps;

/// <summary>Configs × categories × seeds into cells, and the cell names: <c>&lt;config&gt;.&lt;category&gt;.seed&lt;n&gt;</c>.
/// Dots separate the parts because config names use underscores (layers_1_2); each part keeps letters, digits, '_' and
/// '-' only, so a name is a safe folder and Slurm job name everywhere.</summary>
public static class SweepCellExpansion
{
    public static IReadOnlyList<SweepCell> Expand(SweepDescription description)
    {
        var cells = new List<SweepCell>();
        var byName = new Dictionary<string, SweepCell>(StringComparer.OrdinalIgnoreCase); // case-insensitive file systems
        foreach (SweepConfig config in description.Configs)
        {
            foreach (string category in description.Categories)
            {
                foreach (int seed in description.Seeds)
                {
                    var cell = new SweepCell(cells.Count, Name(config.Label, category, seed), config, category, seed);
                    if (byName.TryGetValue(cell.Name, out SweepCell? other))
                    {
                        throw new SweepException(
                            $"Cells '{other.Config.NameOrPath}' / {other.Category} / seed {other.Seed} and '{config.NameOrPath}' / {category} / seed {seed} " +
                            $"would share the folder '{cell.Name}'; give the configs or categories distinct names.");
                    }
                    byName.Add(cell.Name, cell);
                    cells.Add(cell);
                }
            }
        }
        return cells;
    }

    public static string Name(string configLabel, string category, int seed) =>
        $"{Part(configLabel)}.{Part(category)}.seed{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A name part with every other character as '-'.</summary>
    public static string Part(string text)
    {
        var part = new StringBuilder(text.Length);
        foreach (char c in text) part.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        return part.Length == 0 ? "-" : part.ToString();
    }
}
