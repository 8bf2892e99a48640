using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using DistillDsl.Configs;
using DistillDsl.Data;

namespace DistillDsl.Sweeps;

/// <summary>Reads a sweep description from a small YAML file or from a dictionary (a PowerShell hashtable): the same keys
/// either way, case-insensitive, '_' ignored (image_size = imageSize):
/// <code>
/// name: layers            # optional; the output folder's name otherwise
/// configs: [stpm, layers_1_2, my.yaml]
/// data: ./data            # dataset root
/// categories: [carpet, wood]
/// seeds: [0, 1, 2]        # default [0]
/// epochs: 100             # optional overrides: epochs, imageSize, batchSize, learningRate
/// device: cuda            # default cpu
/// badImages: skip         # an unreadable image: stop (default) fails its cell; skip leaves it out and lists it
/// output: ./sweeps/layers
/// </code>
/// Relative paths are resolved against the YAML file's folder, or for a dictionary against the caller's folder.</summary>
public static class SweepDescriptionReader
{
    private static readonly string[] Keys = ["name", "configs", "data", "categories", "seeds", "epochs", "imagesize", "batchsize", "learningrate", "device", "badimages", "output"];

    /// <exception cref="SweepException">The file is missing, not YAML, or has a bad key or value (the message names the file).</exception>
    public static SweepDescription ReadFile(string path, string? outputOverride = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new SweepException($"Sweep description '{full}' does not exist.", full);
        object? tree;
        try
        {
            tree = SweepYaml.Read(File.ReadAllText(full));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException)
        {
            throw new SweepException($"Sweep description '{full}' is not valid YAML: {e.Message}", full, e);
        }
        if (tree is not IDictionary dictionary) throw new SweepException($"Sweep description '{full}' must be a mapping of keys (configs, data, categories, ...).", full);
        return Read(dictionary, System.IO.Path.GetDirectoryName(full)!, full, outputOverride);
    }

    /// <param name="baseFolder">What relative paths are relative to.</param>
    /// <param name="source">How errors name the description (a file, or "the hashtable").</param>
    /// <param name="outputOverride">An output root that replaces the description's (already absolute).</param>
    /// <exception cref="SweepException">A missing, unknown or bad key.</exception>
    public static SweepDescription Read(IDictionary values, string baseFolder, string source, string? outputOverride = null)
    {
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in values)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
            if (!Keys.Contains(key)) throw Bad(source, $"unknown key '{entry.Key}' (known: name, configs, data, categories, seeds, epochs, imageSize, batchSize, learningRate, device, badImages, output)");
            if (!entries.TryAdd(key, entry.Value)) throw Bad(source, $"key '{entry.Key}' is given twice");
        }

        string Resolve(string path) => System.IO.Path.GetFullPath(path, baseFolder);
        IReadOnlyList<string> configs = Strings(entries, "configs", source, required: true);
        string data = Resolve(String(entries, "data", source) ?? throw Bad(source, "'data' (the dataset root) is missing"));
        IReadOnlyList<string> categories = Strings(entries, "categories", source, required: true);
        IReadOnlyList<int> seeds = entries.ContainsKey("seeds") ? Strings(entries, "seeds", source, required: true).Select(s => Integer(s, "seeds", source, int.MinValue)).ToList() : [0];
        string? output = outputOverride ?? (String(entries, "output", source) is string o ? Resolve(o) : null);
        if (output is null) throw Bad(source, "'output' (the sweep's root folder) is missing; give it in the description or as -OutputPath");
        Distinct(categories, "categories", source);
        Distinct(seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList(), "seeds", source);

        var description = new SweepDescription(
            String(entries, "name", source) ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(output)),
            configs.Select(c => Config(c, Resolve, source)).ToList(),
            data,
            categories,
            seeds,
            OptionalInteger(entries, "epochs", source, 1),
            OptionalInteger(entries, "imagesize", source, 32),
            OptionalInteger(entries, "batchsize", source, 1),
            String(entries, "learningrate", source) is string rate ? Positive(rate, source) : null,
            String(entries, "device", source) ?? "cpu",
            output,
            BadImages(String(entries, "badimages", source), source));
        _ = description.Cells; // name clashes are a bad description, reported now
        return description;
    }

    private static SweepConfig Config(string typed, Func<string, string> resolve, string source)
    {
        if (CompiledConfigs.Names.Contains(typed, StringComparer.Ordinal)) return new SweepConfig(typed, typed, null);
        string path = resolve(typed);
        if (!File.Exists(path))
        {
            throw Bad(source, $"config '{typed}' is neither a compiled config ({string.Join(", ", CompiledConfigs.Names)}) nor a file ('{path}' does not exist)");
        }
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return new SweepConfig(path, System.IO.Path.GetFileNameWithoutExtension(path), hash);
    }

    private static BadSamplePolicy BadImages(string? text, string source) => text?.ToLowerInvariant() switch
    {
        null or "stop" => BadSamplePolicy.Stop,
        "skip" => BadSamplePolicy.SkipAndReport,
        _ => throw Bad(source, $"'badImages' must be stop or skip, not '{text}'"),
    };

    private static SweepException Bad(string source, string reason) => new($"Sweep description {source}: {reason}.", source);

    private static string? String(Dictionary<string, object?> entries, string key, string source)
    {
        if (!entries.TryGetValue(key, out object? value) || value is null) return null;
        value = Unwrap(value);
        if (value is IEnumerable and not string) throw Bad(source, $"'{key}' must be one value, not a list");
        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return text.Length == 0 ? null : text;
    }

    private static IReadOnlyList<string> Strings(Dictionary<string, object?> entries, string key, string source, bool required)
    {
        entries.TryGetValue(key, out object? value);
        value = Unwrap(value);
        var list = value switch
        {
            null => [],
            string one => [one],
            IEnumerable many => many.Cast<object?>().Select(Unwrap).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToList(),
            _ => [Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""],
        };
        if (list.Any(s => s.Length == 0)) throw Bad(source, $"'{key}' has an empty entry");
        if (required && list.Count == 0) throw Bad(source, $"'{key}' is missing or empty");
        return list;
    }

    private static void Distinct(IReadOnlyList<string> values, string key, string source)
    {
        string? repeat = values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeat is not null) throw Bad(source, $"'{key}' lists '{repeat}' twice");
    }

    private static int? OptionalInteger(Dictionary<string, object?> entries, string key, string source, int minimum) =>
        String(entries, key, source) is string text ? Integer(text, key, source, minimum) : null;

    private static int Integer(string text, string key, string source, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) throw Bad(source, $"'{key}' must be a whole number, not '{text}'");
        if (value < minimum) throw Bad(source, $"'{key}' must be at least {minimum}, not {value}");
        return value;
    }

    private static double Positive(string text, string source)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value))
        {
            throw Bad(source, $"'learningRate' must be a positive number, not '{text}'");
        }
        return value;
    }

    /// <summary>PowerShell hands values over wrapped (PSObject); their base object is what counts. Reflection keeps the
    /// engine free of System.Management.Automation.</summary>
    private static object? Unwrap(object? value)
    {
        if (value is null) return null;
        Type type = value.GetType();
        if (type.FullName == "System.Management.Automation.PSObject") return Unwrap(type.GetProperty("BaseObject")!.GetValue(value));
        return value;
    }
}
