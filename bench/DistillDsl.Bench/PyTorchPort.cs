using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DistillDsl.Data;
using DistillDsl.Graphs;
using DistillDsl.Spec.Model;
using DistillDsl.Metrics;
using DistillDsl.Speed;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DistillDsl.Bench;

/// <summary>A PyTorch port's metrics on the sets the C# run was evaluated on, computed here from its maps and scores.</summary>
internal sealed record PortResult(ImageMetrics ValidationImage, PixelMetrics? ValidationPixel, ImageMetrics? TestImage, PixelMetrics? TestPixel,
                                  double TrainingSeconds, double MillisecondsPerImage)
{
    public double? SelectionScore => BenchRow.SelectionOf(ValidationImage, ValidationPixel);
}

/// <summary>Runs bench/python/memory_bank_port.py — the same method written in PyTorch — on exactly the C# run's inputs:
/// the graph's teacher weights, the trainer's train/validation split, the painted validation set and the test split, each
/// resized here by the engine's own preprocessing and handed over as tensors, so that only the method differs. The port's
/// maps and scores come back and are measured with the engine's metric code.</summary>
internal static class PyTorchPort
{
    private const string Script = "memory_bank_port.py";

    /// <summary>Why the port cannot run this graph, or null when it can (memory-bank students on ResNet-18 teachers).</summary>
    public static string? Unsupported(DistillGraph graph)
    {
        if (!graph.Branches.All(b => b.Spec.Student is MemoryBankStudentSpec)) return "the port covers memory-bank configs only (distillation students would need their training ported)";
        DistillBranch? other = graph.Branches.FirstOrDefault(b => b.Spec.Backbone != "resnet18");
        return other is null ? null : $"teacher '{other.Name}' is {other.Spec.Backbone}; the port has ResNet-18 only";
    }

    /// <returns>Null, with a line saying why, when Python or its torch is missing or the port fails.</returns>
    public static PortResult? Run(DistillGraph graph, TrainValidationSplit split, IReadOnlyList<DatasetSample> validationDefects,
                                  IReadOnlyList<DatasetSample>? test, int imageSize, int seed, int? threads, string python, string folder)
    {
        string? script = FindScript();
        if (script is null)
        {
            Console.WriteLine($"  PyTorch port: skipped, bench/python/{Script} not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
            return null;
        }
        if (MissingTorch(python) is string missing)
        {
            Console.WriteLine($"  PyTorch port: skipped, {missing} (bash build/ensure-bench-packages.sh installs Debian's python3-torch).");
            return null;
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        ReferencePlan.Write(graph, folder, "plan");
        File.Move(Path.Combine(folder, "plan.safetensors"), Path.Combine(folder, "weights.safetensors"));
        var preprocessing = ImagePreprocessing.Rgb(imageSize);
        WriteImages(Path.Combine(folder, "train.safetensors"), split.Train, preprocessing);
        WriteImages(Path.Combine(folder, "validation.safetensors"), split.Validation, preprocessing);
        var validationTruth = WriteImages(Path.Combine(folder, "eval-validation.safetensors"), validationDefects, preprocessing);
        (bool[] Labels, List<float[]> Masks)? testTruth = test is null ? null : WriteImages(Path.Combine(folder, "eval-test.safetensors"), test, preprocessing);

        Console.WriteLine($"  PyTorch port: {python} {script}");
        var start = new ProcessStartInfo(python, [script, "--work", folder, "--seed", seed.ToString(CultureInfo.InvariantCulture),
                                                  "--threads", (threads ?? 0).ToString(CultureInfo.InvariantCulture)]);
        if (threads is int n) start.Environment["OMP_NUM_THREADS"] = n.ToString(CultureInfo.InvariantCulture);
        using (Process process = Process.Start(start)!)
        {
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"  PyTorch port: failed with exit code {process.ExitCode} (its output is above).");
                return null;
            }
        }
        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "port-results.json")));
        JsonElement root = results.RootElement;
        var (validationImage, validationPixel) = Measure(Path.Combine(folder, "eval-validation.out.safetensors"), validationTruth, imageSize);
        var (testImage, testPixel) = testTruth is { } truth
            ? Measure(Path.Combine(folder, "eval-test.out.safetensors"), truth, imageSize)
            : ((ImageMetrics?)null, (PixelMetrics?)null);
        string timedSet = testTruth is null ? "validation" : "test";
        return new PortResult(validationImage, validationPixel, testImage, testPixel, root.GetProperty("training_seconds").GetDouble(),
                              root.GetProperty($"{timedSet}_ms_per_image").GetDouble());
    }

    /// <summary>Why <paramref name="python"/> cannot run the port (missing, or without torch or torchvision, which the
    /// reference graphs import), or null.</summary>
    private static string? MissingTorch(string python)
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo(python, ["-c", "import torch, torchvision"]) { RedirectStandardError = true })!;
            string error = check.StandardError.ReadToEnd();
            check.WaitForExit();
            return check.ExitCode == 0 ? null : $"{python} has no torch or torchvision ({error.Trim().Split('\n')[^1]})";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{python} cannot be started ({e.Message})";
        }
    }

    /// <summary>The samples as one float16 [N, 3, S, S] tensor "images" (RGB in [0, 1]); returns their labels and masks.</summary>
    private static (bool[] Labels, List<float[]> Masks) WriteImages(string path, IReadOnlyList<DatasetSample> samples, ImagePreprocessing preprocessing)
    {
        var labels = new bool[samples.Count];
        var masks = new List<float[]>(samples.Count);
        var images = new List<Tensor>(samples.Count);
        try
        {
            for (int i = 0; i < samples.Count; i++)
            {
                var (rgb, mask) = preprocessing.LoadSample(samples[i]);
                using (rgb)
                using (mask)
                {
                    images.Add(rgb.to(float16));
                    masks.Add(mask.data<float>().ToArray());
                }
                labels[i] = samples[i].IsAnomalous;
            }
            using Tensor stacked = stack(images);
            Safetensors.SaveStateDict(path, new Dictionary<string, Tensor> { ["images"] = stacked });
        }
        finally
        {
            foreach (Tensor image in images) image.Dispose();
        }
        return (labels, masks);
    }

    private static (ImageMetrics Image, PixelMetrics? Pixel) Measure(string path, (bool[] Labels, List<float[]> Masks) truth, int size)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> output = Safetensors.LoadStateDict(path);
        try
        {
            float[] scores = output["scores"].to(float32).data<float>().ToArray();
            Tensor maps = output["maps"].to(float32).contiguous();
            var perImage = Enumerable.Range(0, scores.Length).Select(i => maps[i].data<float>().ToArray()).ToList();
            ImageMetrics image = ImageMetrics.Compute(scores, truth.Labels);
            PixelMetrics? pixel = truth.Labels.Any(l => l) ? PixelMetrics.Compute(perImage, truth.Masks, size, size) : null;
            return (image, pixel);
        }
        finally
        {
            foreach (Tensor t in output.Values) t.Dispose();
        }
    }

    /// <summary>bench/python/memory_bank_port.py, found by walking up from the program and from the working directory.</summary>
    private static string? FindScript()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "bench", "python", Script);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
