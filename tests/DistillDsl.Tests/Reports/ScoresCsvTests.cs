using System.Globalization;
using System.Text;
using DistillDsl.Evaluation;
using DistillDsl.Reports;
using DistillDsl.Tests.Data;

namespace DistillDsl.Tests.Reports;

public class ScoresCsvTests
{
    [Fact]
    public void Parses_back_to_the_same_values_under_a_comma_decimal_culture()
    {
        using var temp = new TempFolder();
        string path = temp.File("scores.csv");
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // would write 0,9 if culture leaked in
            ScoresCsv.Write(path, SampleReport.Images);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        List<string[]> rows = ParseRfc4180(File.ReadAllText(path, Encoding.UTF8));
        Assert.Equal(new[] { "path", "defect_type", "score", "label", "map_file", "raw_score" }, rows[0]);
        Assert.Equal(SampleReport.Images.Length + 1, rows.Count);
        for (int i = 0; i < SampleReport.Images.Length; i++)
        {
            ScoredImage expected = SampleReport.Images[i];
            string[] row = rows[i + 1];
            Assert.Equal(6, row.Length);
            Assert.Equal(expected.ImagePath, row[0]);
            Assert.Equal(expected.DefectType, row[1]);
            Assert.Equal(expected.Score, float.Parse(row[2], NumberStyles.Float, CultureInfo.InvariantCulture)); // exact
            Assert.Equal(expected.IsAnomalous ? "1" : "0", row[3]);
            Assert.Equal(expected.HeatmapPath ?? "", row[4]);
            Assert.Equal(expected.RawScore ?? expected.Score, float.Parse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Quotes_only_fields_that_need_it_and_ends_lines_with_crlf()
    {
        string text = ScoresCsv.Format(SampleReport.Images[..3]);
        Assert.Equal(
            "path,defect_type,score,label,map_file,raw_score\r\n"
            + "test/good/000.png,good,0.11,0,heatmaps/good_000.png,2.75\r\n"
            + "\"test/good/001, copy.png\",good,0.25,0,,0.25\r\n"
            + "\"test/good/\"\"quoted\"\".png\",good,0.3,0,,0.3\r\n",
            text);
    }

    /// <summary>An RFC 4180 reader written for this test (independent of the writer): quoted fields may hold commas, doubled
    /// quotes and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseRfc4180(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row.ToArray());
                row.Clear();
                i++;
            }
            else field.Append(c);
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.Empty(row);
        Assert.Equal(0, field.Length);
        return rows;
    }
}
