using System;
using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads the keys of one YAML mapping: reports unknown keys up front (with the closest known key),
    /// then gives typed values that fall back to a default when a key is absent or wrong, reporting the problem.
    /// Key paths in messages are dotted from the root, e.g. <c>teachers[1].taps[0].pool.kernel</c>.</summary>
    internal sealed class MappingReader
    {
        private readonly YamlMapping mapping;
        private readonly DiagnosticBag diagnostics;

        public MappingReader(YamlMapping mapping, string path, DiagnosticBag diagnostics, params string[] knownKeys)
        {
            this.mapping = mapping;
            this.diagnostics = diagnostics;
            Path = path;
            foreach (var entry in mapping.Entries)
            {
                string key = entry.Key.Value;
                if (knownKeys.Contains(key)) continue;
                string? closest = KeySuggestion.Closest(key, knownKeys);
                diagnostics.Add(DiagnosticCatalog.UnknownKey.Create(entry.Key.Span, key, Where, string.Join(", ", knownKeys),
                    closest is null ? "" : $"; did you mean '{closest}'?"));
            }
        }

        /// <summary>Path of this mapping from the root ("" for the root itself).</summary>
        public string Path { get; }

        public SourceSpan Span => mapping.Span;

        public DiagnosticBag Diagnostics => diagnostics;

        /// <summary>How messages name this mapping.</summary>
        public string Where => Path.Length == 0 ? "the config" : "'" + Path + "'";

        public string KeyPath(string key) => Path.Length == 0 ? key : Path + "." + key;

        public bool Has(string key) => Node(key) != null;

        public YamlNode? Node(string key) =>
            mapping.Entries.Where(e => e.Key.Value == key).Select(e => e.Value).FirstOrDefault();

        /// <summary>The span of a key's value, or of the whole mapping when the key is absent.</summary>
        public SourceSpan SpanOf(string key) => Node(key)?.Span ?? Span;

        /// <summary>The key's node, reporting DD0003 (with <paramref name="expected"/>) when it is absent.</summary>
        public YamlNode? Required(string key, string expected)
        {
            YamlNode? node = Node(key);
            if (node is null) diagnostics.Add(DiagnosticCatalog.MissingRequiredKey.Create(Span, Where, key, expected));
            return node;
        }

        /// <summary>Reports DD0011 when <paramref name="key"/> is present but does not apply to <paramref name="context"/>.</summary>
        public void RejectIfPresent(string key, string context)
        {
            YamlNode? node = Node(key);
            if (node is null) return;
            var keySpan = mapping.Entries.First(e => e.Key.Value == key).Key.Span;
            diagnostics.Add(DiagnosticCatalog.KeyNotApplicable.Create(keySpan, KeyPath(key), context));
        }

        public int Int(string key, int fallback, NumberRange range, bool required = false)
        {
            YamlNode? node = required ? Required(key, "an integer " + range.Description) : Node(key);
            return node != null && ScalarReader.TryInt(node, KeyPath(key), diagnostics, range, out int value) ? value : fallback;
        }

        public double Double(string key, double fallback, NumberRange range, bool required = false)
        {
            YamlNode? node = required ? Required(key, "a number " + range.Description) : Node(key);
            return node != null && ScalarReader.TryDouble(node, KeyPath(key), diagnostics, range, out double value) ? value : fallback;
        }

        public bool Bool(string key, bool fallback)
        {
            YamlNode? node = Node(key);
            return node != null && ScalarReader.TryBool(node, KeyPath(key), diagnostics, out bool value) ? value : fallback;
        }

        public string? String(string key, bool required = false, string expected = "a string")
        {
            YamlNode? node = required ? Required(key, expected) : Node(key);
            return node != null && ScalarReader.TryString(node, KeyPath(key), diagnostics, out string value) ? value : null;
        }

        public T Enum<T>(string key, ValueTable<T> table, T fallback, bool required = false, DistillDiagnosticDescriptor? unknown = null) where T : struct =>
            EnumOrNull(key, table, required, unknown) ?? fallback;

        /// <summary>The value, or null when the key is absent or its value was reported; callers use null to skip
        /// checks that depend on the value (a "kind" that could not be read).</summary>
        public T? EnumOrNull<T>(string key, ValueTable<T> table, bool required = false, DistillDiagnosticDescriptor? unknown = null) where T : struct
        {
            YamlNode? node = required ? Required(key, "one of: " + table.NameList) : Node(key);
            return node != null && ScalarReader.TryEnum(node, KeyPath(key), diagnostics, table, out T value, unknown) ? value : (T?)null;
        }

        /// <summary>A nested mapping; a present value of another type is reported (DD0004) and gives null.</summary>
        public MappingReader? Mapping(string key, bool required, string expected, params string[] knownKeys)
        {
            YamlNode? node = required ? Required(key, expected) : Node(key);
            if (node is null) return null;
            if (node is YamlMapping nested) return new MappingReader(nested, KeyPath(key), diagnostics, knownKeys);
            diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, KeyPath(key), "a mapping (" + expected + ")", Describe.Node(node)));
            return null;
        }

        /// <summary>A nested mapping with a <c>kind</c> key, which may also be written as just the kind
        /// (<c>score: max</c> means <c>score: { kind: max }</c>).</summary>
        public MappingReader? KindMapping(string key, bool required, string expected, params string[] knownKeys)
        {
            YamlNode? node = required ? Required(key, expected) : Node(key);
            return node is null ? null : ForKind(node, KeyPath(key), diagnostics, expected, knownKeys);
        }

        /// <summary>See <see cref="KindMapping"/>; for nodes that are not a mapping's value (list items).</summary>
        public static MappingReader? ForKind(YamlNode node, string path, DiagnosticBag diagnostics, string expected, params string[] knownKeys)
        {
            switch (node)
            {
                case YamlMapping mapping:
                    return new MappingReader(mapping, path, diagnostics, knownKeys);
                case YamlScalar scalar when !scalar.IsNull:
                    var kindKey = new YamlScalar("kind", true, scalar.Span);
                    var shorthand = new YamlMapping(new[] { new KeyValuePair<YamlScalar, YamlNode>(kindKey, scalar) }, scalar.Span);
                    return new MappingReader(shorthand, path, diagnostics, knownKeys);
                default:
                    diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, expected, Describe.Node(node)));
                    return null;
            }
        }

        /// <summary>A non-empty list's items; absent, wrong or empty lists are reported and give an empty list.</summary>
        public IReadOnlyList<YamlNode> List(string key, bool required, string itemWord)
        {
            YamlNode? node = required ? Required(key, "a list of " + itemWord + "s") : Node(key);
            if (node is null) return Array.Empty<YamlNode>();
            if (!(node is YamlSequence sequence))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, KeyPath(key), "a list of " + itemWord + "s", Describe.Node(node)));
                return Array.Empty<YamlNode>();
            }
            if (sequence.Items.Count == 0) diagnostics.Add(DiagnosticCatalog.EmptyList.Create(sequence.Span, KeyPath(key), itemWord));
            return sequence.Items;
        }
    }
}
