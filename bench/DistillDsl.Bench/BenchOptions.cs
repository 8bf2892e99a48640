using System.Globalization;

namespace DistillDsl.Bench;

/// <summary>Command-line options of the accuracy benchmark.</summary>
internal sealed record BenchOptions
{
    public static readonly string[] DefaultConfigs =
        ["stpm", "reduced_student_paper", "reduced_student_code", "mixed_teacher_paper", "mixed_teacher_code"];

    public string Data { get; init; } = "";
    public string? Category { get; init; }
    public IReadOnlyList<string> Configs { get; init; } = DefaultConfigs;
    public int? Epochs { get; init; }
    public int ImageSize { get; init; } = 256;
    public int? BatchSize { get; init; }
    public int Seed { get; init; }
    public string Device { get; init; } = "cpu";
    public int? Threads { get; init; }
    public string Output { get; init; } = Path.Combine("out", "bench");
    public bool SkipTest { get; init; }
    public bool Resume { get; init; }
    public bool PyTorchPort { get; init; }
    public bool Families { get; init; }
    public string Python { get; init; } = "/usr/bin/python3";

    public const string Usage = """
        usage: distill-bench --data <folder> [options]
          Trains each config on an MVTec AD / BTAD / folder dataset, evaluates it on its held-out normal validation images
          with painted defects (what the choice among configs uses) and on the test split, and prints one table.
          --data <folder>        dataset root or category folder (e.g. ../shared/data/mtd)
          --category <name>      category under an MVTec AD / BTAD root
          --configs a,b,...      compiled config names or YAML paths (default: stpm, both Reduced Students, both MixedTeachers)
          --epochs <n>           override the configs' epochs
          --image-size <n>       input size (default 256)
          --batch-size <n>       override the configs' batch size
          --seed <n>             seed (default 0)
          --device <d>           cpu, cuda or cuda:N
          --threads <n>          torch CPU threads
          --output <folder>      checkpoints, reports and results.md (default out/bench)
          --validation-only      do not evaluate on the test split (choose first, test once)
          --resume               continue each config's interrupted run instead of starting it over; a finished run's
                                 reports are read back, not scored again, while its best checkpoint is unchanged (so a
                                 --validation-only run, then --resume without it, scores only the test split)
          --pytorch-port         also run bench/python/memory_bank_port.py, the same memory-bank method in PyTorch, on
                                 exactly the same inputs and teacher weights, and measure it beside the C# run
          --python <path>        the Python with torch for --pytorch-port (default /usr/bin/python3, Debian's python3-torch)
          --families             also train each config on the five synthetic texture families (fabric, grid, wood, leather,
                                 tile; written under <output>/families-data: 80 training images each, seed 42, the bench's
                                 image size), validation only, and choose by the mean of the dataset's selection score and
                                 the families' mean selection score
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--validation-only") { options = options with { SkipTest = true }; continue; }
            if (name == "--resume") { options = options with { Resume = true }; continue; }
            if (name == "--pytorch-port") { options = options with { PyTorchPort = true }; continue; }
            if (name == "--families") { options = options with { Families = true }; continue; }
            if (i + 1 >= args.Count) throw new ArgumentException($"Option '{name}' needs a value.\n{Usage}");
            string value = args[++i];
            options = name switch
            {
                "--data" => options with { Data = value },
                "--category" => options with { Category = value },
                "--configs" => options with { Configs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--epochs" => options with { Epochs = Positive(name, value) },
                "--image-size" => options with { ImageSize = Positive(name, value) },
                "--batch-size" => options with { BatchSize = Positive(name, value) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--device" => options with { Device = value },
                "--threads" => options with { Threads = Positive(name, value) },
                "--output" => options with { Output = value },
                "--python" => options with { Python = value },
                _ => throw new ArgumentException($"Unknown option '{name}'.\n{Usage}"),
            };
        }
        if (options.Data.Length == 0) throw new ArgumentException($"--data is required.\n{Usage}");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"Option '{name}' expects a positive integer, got '{value}'.");
}
