using System.Globalization;

namespace DistillDsl.Cli;

/// <summary>Options of <c>distill demo</c>, parsed from <c>--name value</c> pairs.</summary>
internal sealed record DemoOptions
{
    public string Output { get; init; } = Path.Combine("out", "demo");
    public string Config { get; init; } = "reduced_student_code";
    public string Family { get; init; } = "fabric";
    public int Epochs { get; init; } = 12;
    public int? BatchSize { get; init; }
    public int ImageSize { get; init; } = 256;
    public int TrainImages { get; init; } = 80;
    public double? LearningRate { get; init; }
    public int Seed { get; init; } = 42;
    public string Device { get; init; } = "cpu";
    public int Threads { get; init; }

    public const string Usage = """
        usage: distill demo [options]
          Trains a config's students (default: the Reduced Student as the authors' code builds it, against the ImageNet ResNet-18) on
          synthetic textures written in the MVTec AD layout, keeps the checkpoint with the lowest validation loss,
          then prints image AUROC, pixel AUROC and AUPRO and writes reports and heat-map PNGs.
          --output <folder>      where data, checkpoints, report and heat maps go (default out/demo)
          --config <name|path>   a compiled config (stpm, reduced_student_code, ...) or a YAML file (default reduced_student_code)
          --family <name>        texture family: fabric, grid, wood, leather, tile (default fabric)
          --epochs <n>           training epochs (default 12)
          --batch-size <n>       batch size (default: the config's)
          --image-size <n>       input size in pixels (default 256)
          --train-images <n>     synthetic defect-free training images (default 80; 20 % are held out)
          --lr <x>               learning rate (default: the config's; 0.4 with SGD in the paper)
          --seed <n>             seed for data, split, shuffling and weights (default 42)
          --device <d>           cpu, cuda or cuda:N (default cpu)
          --threads <n>          CPU threads for torch (default: torch's choice)
        """;

    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count) throw new ArgumentException($"Option '{name}' needs a value.\n{Usage}");
            string value = args[++i];
            options = name switch
            {
                "--output" => options with { Output = value },
                "--config" => options with { Config = value },
                "--family" => options with { Family = value },
                "--epochs" => options with { Epochs = PositiveInt(name, value) },
                "--batch-size" => options with { BatchSize = PositiveInt(name, value) },
                "--image-size" => options with { ImageSize = PositiveInt(name, value) },
                "--train-images" => options with { TrainImages = PositiveInt(name, value) },
                "--lr" => options with { LearningRate = PositiveDouble(name, value) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--device" => options with { Device = value },
                "--threads" => options with { Threads = PositiveInt(name, value) },
                _ => throw new ArgumentException($"Unknown option '{name}'.\n{Usage}"),
            };
        }
        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"Option '{name}' expects a positive integer, got '{value}'.");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0
            ? x : throw new ArgumentException($"Option '{name}' expects a positive number, got '{value}'.");
}
