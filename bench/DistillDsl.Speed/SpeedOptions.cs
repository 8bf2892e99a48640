using System.Globalization;

namespace DistillDsl.Speed;

/// <summary>Command line of the speed benchmark.</summary>
internal sealed record SpeedOptions
{
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int ImageSize { get; init; } = 256;
    /// <summary>Timed calls per (config, batch size, variant) after two warm-up calls; batch 16 gets a quarter of them (at least 3).</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Timed calls at batch 16: a quarter of <see cref="Iterations"/>, at least 3.</summary>
    public int Batch16Iterations => Math.Max(3, Iterations / 4);
    public int MemoryCalls { get; init; } = 2000;
    /// <summary>Images in one training "epoch" (in memory, batch <see cref="TrainBatch"/>).</summary>
    public int TrainImages { get; init; } = 32;
    public int TrainBatch { get; init; } = 8;
    /// <summary>Timed training epochs per variant (after one warm-up epoch); the best counts.</summary>
    public int TrainRounds { get; init; } = 4;
    public static IReadOnlyList<string> AllConfigs { get; } = ["reduced_student_paper", "reduced_student_code", "stpm", "mixed_teacher_paper", "mixed_teacher_code"];
    public string[] Configs { get; init; } = [.. AllConfigs];
    public string Python { get; init; } = "/usr/bin/python3";
    public bool SkipPython { get; init; }
    public bool SkipThreadSweep { get; init; }
    public bool TrainingOnly { get; init; }
    public string? TrainerData { get; init; }
    public int TrainerImages { get; init; } = 64;
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "distill-speed");

    public const string Usage = """
        distill-speed [--threads N] [--size PX] [--iterations N] [--memory-calls N] [--train-images N] [--train-batch N]
                      [--train-rounds N] [--configs a,b] [--python PATH] [--no-python] [--no-thread-sweep] [--work DIR]
                      [--training-only] [--trainer-data FOLDER] [--trainer-images N]
          --threads       torch intra-op threads for this process and the Python reference (default: logical cores)
          --iterations    timed calls per config and batch size at batch 1 (batch 16: a quarter, at least 3); default 10
          --memory-calls  inference calls of the memory test (default 2000; 0 skips it)
          --train-images  images per measured training epoch (default 32, batch 8)
          --train-rounds  timed training epochs per variant, best counts (default 4)
          --configs       comma-separated subset of the shipped configs (default: all five)
          --python        the Python with torch 1.13 (default /usr/bin/python3); --no-python skips the reference
          --no-thread-sweep  skips timing reduced_student_code at 1, 2, 4, … threads up to the logical cores
          --training-only    only the training tables (no latency, ONNX Runtime, memory or thread sweep)
          --trainer-data     a dataset category folder (MVTec AD layout): also time DistillTrainer epochs reading its
                             train/good files, cache off and on (3 epochs each)
          --trainer-images   how many of its training images (default 64)
        """;

    public static SpeedOptions Parse(string[] args)
    {
        var options = new SpeedOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
                : throw new ArgumentException($"{args[i]} needs a positive whole number.\n{Usage}");
            int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
                : throw new ArgumentException($"{args[i]} needs a whole number (0 or more).\n{Usage}");
            options = args[i] switch
            {
                "--threads" => options with { Threads = Number() },
                "--size" => options with { ImageSize = Number() },
                "--iterations" => options with { Iterations = Number() },
                "--memory-calls" => options with { MemoryCalls = Count() },
                "--train-rounds" => options with { TrainRounds = Number() },
                "--configs" => options with { Configs = ConfigList(Value()) },
                "--train-images" => options with { TrainImages = Number() },
                "--train-batch" => options with { TrainBatch = Number() },
                "--python" => options with { Python = Value() },
                "--no-python" => options with { SkipPython = true },
                "--no-thread-sweep" => options with { SkipThreadSweep = true },
                "--training-only" => options with { TrainingOnly = true },
                "--trainer-data" => options with { TrainerData = Value() },
                "--trainer-images" => options with { TrainerImages = Number() },
                "--work" => options with { WorkDirectory = Value() },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }
        return options;
    }

    private static string[] ConfigList(string value)
    {
        string[] names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] unknown = names.Except(AllConfigs).ToArray();
        if (names.Length == 0 || unknown.Length > 0)
        {
            throw new ArgumentException($"--configs takes names from: {string.Join(", ", AllConfigs)}; unknown: {string.Join(", ", unknown)}.\n{Usage}");
        }
        return names;
    }
}
