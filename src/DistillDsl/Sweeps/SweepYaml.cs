using System.Collections;
using YamlDotNet.RepresentationModel;

namespace DistillDsl.Sweeps;

/// <summary>A YAML document as plain values: mappings as ordered dictionaries, sequences as lists, scalars as strings, so
/// that a YAML file and a PowerShell hashtable go through one reader.</summary>
internal static class SweepYaml
{
    /// <exception cref="YamlDotNet.Core.YamlException">Not YAML.</exception>
    /// <exception cref="InvalidDataException">Not exactly one document, or an alias/anchor.</exception>
    public static object? Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count != 1) throw new InvalidDataException($"expected one YAML document, found {stream.Documents.Count}");
        return Convert(stream.Documents[0].RootNode);
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToDictionary(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"unsupported YAML node at {node.Start}"),
    };

    private static IDictionary ToDictionary(YamlMappingNode mapping)
    {
        var dictionary = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? throw new InvalidDataException($"a key at {key.Start} is not a plain value");
            if (dictionary.Contains(name)) throw new InvalidDataException($"key '{name}' is given twice (line {key.Start.Line})");
            dictionary.Add(name, Convert(value));
        }
        return dictionary;
    }
}
