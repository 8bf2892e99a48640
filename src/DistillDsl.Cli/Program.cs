namespace DistillDsl.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: distill demo [--output <folder>] [--epochs N] [--device cpu|cuda|cuda:N]");
        return args.Length == 0 ? 2 : 0;
    }
}
