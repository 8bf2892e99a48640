using System.Globalization;
using System.Text;

namespace DistillDsl.Sweeps;

/// <summary>The finished cells of a sweep (their result.json, nothing recomputed), the cells still missing, and the
/// summary over seeds; as CSV and Markdown.</summary>
public sealed record SweepTable(SweepManifest Manifest, IReadOnlyList<CellResult> Results, IReadOnlyList<SweepCell> Missing)
{
    public static SweepTable Gather(SweepManifest manifest)
    {
        SweepLayout layout = manifest.Layout;
        var results = new List<CellResult>();
        var missing = new List<SweepCell>();
        foreach (SweepCell cell in manifest.Cells)
        {
            if (File.Exists(layout.Result(cell))) results.Add(SweepJson.Read<CellResult>(layout.Result(cell)));
            else missing.Add(cell);
        }
        return new SweepTable(manifest, results, missing);
    }

    /// <summary>Per config and category, in the sweep's order.</summary>
    public IReadOnlyList<SweepSummaryRow> Summary() =>
        Results.GroupBy(r => (r.Config, r.Category))
            .Select(g => new SweepSummaryRow(g.Key.Config, g.Key.Category, g.Count(),
                Mean(g.Select(r => r.ImageAuroc)), Std(g.Select(r => r.ImageAuroc)),
                Mean(g.Select(r => r.PixelAuroc)), Std(g.Select(r => r.PixelAuroc)),
                Mean(g.Select(r => r.Aupro)), Std(g.Select(r => r.Aupro))))
            .ToList();

    public static double? Mean(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Average();
    }

    /// <summary>Sample standard deviation (n − 1); null below two values.</summary>
    public static double? Std(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        if (known.Count < 2) return null;
        double mean = known.Average();
        return Math.Sqrt(known.Sum(v => (v - mean) * (v - mean)) / (known.Count - 1));
    }

    public string ToCsv()
    {
        var csv = new StringBuilder("Index,Name,Config,Category,Seed,BestEpoch,EpochsRun,ValidationLoss,Stop,ImageAuroc,PixelAuroc,Aupro,Threshold,TrainingSeconds,Host,SlurmJob,CheckpointPath\n");
        foreach (CellResult r in Results)
        {
            csv.AppendJoin(',', [
                Text(r.Index), Field(r.Name), Field(r.Config), Field(r.Category), Text(r.Seed), Text(r.BestEpoch), Text(r.EpochsRun),
                Text(r.ValidationLoss), Field(r.Stop), Text(r.ImageAuroc), Text(r.PixelAuroc), Text(r.Aupro), Text(r.Threshold),
                Text(r.TrainingSeconds), Field(r.Host), Field(r.SlurmJob ?? ""), Field(r.CheckpointPath)]).Append('\n');
        }
        return csv.ToString();
    }

    public string ToMarkdown()
    {
        SweepDescription d = Manifest.Description;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Sweep {d.Name}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{Results.Count} of {Manifest.Cells.Count} cells finished; data {d.DataPath}; seeds {string.Join(", ", d.Seeds)}; ");
        md.Append(CultureInfo.InvariantCulture, $"epochs {d.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "of the config"}, image size {d.ImageSize?.ToString(CultureInfo.InvariantCulture) ?? "of the config"}, device {d.Device}. ");
        md.Append("Mean ± sample standard deviation over the seeds that finished.\n\n");
        md.Append("| config | category | seeds | image AUROC | pixel AUROC | AUPRO |\n|---|---|---|---|---|---|\n");
        foreach (SweepSummaryRow row in Summary())
        {
            md.Append(CultureInfo.InvariantCulture, $"| {row.Config} | {row.Category} | {row.Seeds} | {MeanStd(row.ImageAurocMean, row.ImageAurocStd)} | ");
            md.Append(CultureInfo.InvariantCulture, $"{MeanStd(row.PixelAurocMean, row.PixelAurocStd)} | {MeanStd(row.AuproMean, row.AuproStd)} |\n");
        }
        if (Missing.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\nMissing ({Missing.Count}): {string.Join(", ", Missing.Select(c => c.Name))}.\n");
        }
        return md.ToString();
    }

    private static string MeanStd(double? mean, double? std) =>
        mean is null ? "–" : std is null ? mean.Value.ToString("F3", CultureInfo.InvariantCulture) : $"{mean.Value.ToString("F3", CultureInfo.InvariantCulture)} ± {std.Value.ToString("F3", CultureInfo.InvariantCulture)}";

    private static string Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
