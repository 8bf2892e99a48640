using System.Globalization;
using System.Text;
using DistillDsl.Evaluation;
using DistillDsl.IO;

namespace DistillDsl.Reports;

/// <summary>The per-image CSV: one row per test image, RFC 4180 (comma separated, CRLF line ends, fields with a comma, quote
/// or line break quoted, quotes doubled), UTF-8 without BOM, numbers in the invariant culture.
/// Columns: path, defect_type, score (shortest text that reads back as the same float), label (1 = anomalous, 0 = normal),
/// map_file (the heat-map picture, empty when none), raw_score (the score before any test-set normalisation, on the scale of
/// thresholds for new images; the same as score when there is none).</summary>
public static class ScoresCsv
{
    public static readonly string[] Columns = ["path", "defect_type", "score", "label", "map_file", "raw_score"];

    public static void Write(string path, IReadOnlyList<ScoredImage> images) => AtomicFile.WriteAllText(path, Format(images));

    public static string Format(IReadOnlyList<ScoredImage> images)
    {
        var text = new StringBuilder();
        AppendRow(text, Columns);
        foreach (ScoredImage image in images)
        {
            AppendRow(text, [
                image.ImagePath,
                image.DefectType,
                image.Score.ToString("R", CultureInfo.InvariantCulture),
                image.IsAnomalous ? "1" : "0",
                image.HeatmapPath ?? "",
                (image.RawScore ?? image.Score).ToString("R", CultureInfo.InvariantCulture),
            ]);
        }
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Quote(fields[i]));
        }
        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
