using System.Diagnostics;
using System.Text.Json;

namespace DistillDsl.Speed;

internal sealed record PythonResults(string Torch, int Threads, Dictionary<string, Dictionary<string, double>> Configs);

/// <summary>Runs bench/python/reference_graphs.py with the Python that has torch (Debian's /usr/bin/python3 by default), on
/// the plans and weights this run wrote, with the same thread count; null (and a line saying why) when it cannot.</summary>
internal static class PythonReference
{
    public static PythonResults? Run(SpeedOptions options, IEnumerable<string> configs, IEnumerable<string> trained)
    {
        string script = FindScript();
        if (!File.Exists(options.Python))
        {
            Console.WriteLine($"PyTorch reference: skipped, {options.Python} does not exist.");
            return null;
        }
        var check = Process.Start(new ProcessStartInfo(options.Python, ["-c", "import torch, torchvision"]) { RedirectStandardError = true })!;
        check.WaitForExit();
        if (check.ExitCode != 0)
        {
            Console.WriteLine($"PyTorch reference: skipped, {options.Python} has no torch/torchvision ({check.StandardError.ReadToEnd().Trim()}).");
            return null;
        }
        Console.WriteLine($"== PyTorch reference: {options.Python} {script}");
        var start = new ProcessStartInfo(options.Python,
        [
            script, "--work", options.WorkDirectory, "--threads", options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--iterations", options.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--configs", string.Join(",", configs), "--train-configs", string.Join(",", trained),
            "--train-images", options.TrainImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--train-batch", options.TrainBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--train-rounds", options.TrainRounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        // The same threads in every pool the reference might use, so neither side gets more cores than the other.
        start.Environment["OMP_NUM_THREADS"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"PyTorch reference: failed with exit code {process.ExitCode}.");
            return null;
        }
        string json = File.ReadAllText(Path.Combine(options.WorkDirectory, "python-results.json"));
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var rows = root.GetProperty("configs").EnumerateObject().ToDictionary(
            config => config.Name,
            config => config.Value.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetDouble()));
        return new PythonResults(root.GetProperty("torch").GetString()!, root.GetProperty("threads").GetInt32(), rows);
    }

    /// <summary>bench/python/reference_graphs.py, found by walking up from the program to the repository.</summary>
    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "bench", "python", "reference_graphs.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"bench/python/reference_graphs.py not found above {AppContext.BaseDirectory}.");
    }
}
