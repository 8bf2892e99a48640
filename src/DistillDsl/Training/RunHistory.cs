using System.Globalization;
using System.Text;
using DistillDsl.IO;

namespace DistillDsl.Training;

/// <summary><c>history.csv</c> beside the checkpoints: one row per finished epoch, rewritten whole and atomically after
/// every epoch from the history that <c>last.ckpt</c> holds, so the two always agree (after a resume too).</summary>
public static class RunHistory
{
    public const string FileName = "history.csv";

    public static readonly string[] Columns =
        ["epoch", "train_loss", "validation_loss", "learning_rate", "seconds", "images_per_second", "best_epoch", "best_validation_loss"];

    public static void Write(string path, IReadOnlyList<EpochRecord> history) => AtomicFile.WriteAllText(path, Format(history));

    public static string Format(IReadOnlyList<EpochRecord> history)
    {
        var teachers = history.SelectMany(r => r.TeacherValidationLosses.Keys).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Concat(teachers.Select(t => "validation_loss_" + t))).Append('\n');
        foreach (EpochRecord r in history)
        {
            var cells = new List<string>
            {
                Number(r.Epoch), Number(r.TrainLoss), Number(r.ValidationLoss), Number(r.LearningRate), Number(r.Duration.TotalSeconds),
                Number(r.ImagesPerSecond), Number(r.BestEpoch), Number(r.BestValidationLoss),
            };
            cells.AddRange(teachers.Select(t => r.TeacherValidationLosses.TryGetValue(t, out double loss) ? Number(loss) : ""));
            text.AppendJoin(',', cells).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads a history.csv back (the common columns; missing values are NaN).</summary>
    /// <exception cref="InvalidDataException">The file is not a history of this format.</exception>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith(string.Join(',', Columns), StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a DistillDsl history.csv: its header is not '{string.Join(',', Columns)}'.");
        }
        var records = new List<EpochRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] c = lines[i].Split(',');
            if (c.Length < Columns.Length) throw new InvalidDataException($"{path}, line {i + 1}: {c.Length} values, expected at least {Columns.Length}.");
            records.Add(new EpochRecord((int)Parse(c[0]), Parse(c[1]), Parse(c[2]), Parse(c[3]), TimeSpan.FromSeconds(Parse(c[4])))
            {
                ImagesPerSecond = Parse(c[5]),
                BestEpoch = (int)Parse(c[6]),
                BestValidationLoss = Parse(c[7]),
            });
        }
        return records;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
}
