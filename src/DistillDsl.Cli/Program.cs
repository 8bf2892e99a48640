using DistillDsl.Data;
using DistillDsl.Devices;
using DistillDsl.Weights.Torchvision;

namespace DistillDsl.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(DemoOptions.Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            return args[0] switch
            {
                "demo" when args.Skip(1).Any(a => a is "-h" or "--help") => Help(),
                "demo" => DemoCommand.Run(DemoOptions.Parse(args.Skip(1).ToArray()), Console.Out),
                _ => throw new ArgumentException($"Unknown command '{args[0]}'.\n{DemoOptions.Usage}"),
            };
        }
        catch (Exception e) when (e is ArgumentException or DeviceUnavailableException or DatasetException or WeightsException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Help()
    {
        Console.WriteLine(DemoOptions.Usage);
        return 0;
    }
}
