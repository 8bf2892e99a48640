using System;
using System.Globalization;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Typed reads of single YAML values; each failure is reported with the key's path and what was expected.
    /// Numbers follow YAML's plain style with the invariant culture (<c>0.4</c>, <c>1e-4</c>).</summary>
    internal static class ScalarReader
    {
        public static bool TryInt(YamlNode node, string keyPath, DiagnosticBag diagnostics, NumberRange range, out int value)
        {
            value = 0;
            if (!(node is YamlScalar scalar) || scalar.IsNull
                || !int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, "an integer", Describe.Node(node)));
                return false;
            }
            return CheckRange(node, keyPath, diagnostics, range, value, value.ToString(CultureInfo.InvariantCulture));
        }

        public static bool TryDouble(YamlNode node, string keyPath, DiagnosticBag diagnostics, NumberRange range, out double value)
        {
            value = 0;
            if (!(node is YamlScalar scalar) || scalar.IsNull
                || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                || double.IsNaN(value) || double.IsInfinity(value))
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, "a number", Describe.Node(node)));
                return false;
            }
            return CheckRange(node, keyPath, diagnostics, range, value, scalar.Value);
        }

        public static bool TryBool(YamlNode node, string keyPath, DiagnosticBag diagnostics, out bool value)
        {
            value = false;
            if (node is YamlScalar scalar && (scalar.Value == "true" || scalar.Value == "false"))
            {
                value = scalar.Value == "true";
                return true;
            }
            diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, "true or false", Describe.Node(node)));
            return false;
        }

        public static bool TryString(YamlNode node, string keyPath, DiagnosticBag diagnostics, out string value)
        {
            value = "";
            if (!(node is YamlScalar scalar) || scalar.IsNull)
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, "a string", Describe.Node(node)));
                return false;
            }
            value = scalar.Value;
            return true;
        }

        /// <summary>One of a table's spellings; <paramref name="unknown"/> is the diagnostic for any other text.</summary>
        public static bool TryEnum<T>(YamlNode node, string keyPath, DiagnosticBag diagnostics, ValueTable<T> table, out T value,
            DistillDiagnosticDescriptor? unknown = null) where T : struct
        {
            value = default;
            if (!(node is YamlScalar scalar) || scalar.IsNull)
            {
                diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, "one of: " + table.NameList, Describe.Node(node)));
                return false;
            }
            if (table.TryGet(scalar.Value, out value)) return true;
            diagnostics.Add(unknown is null
                ? DiagnosticCatalog.UnknownValue.Create(node.Span, keyPath, scalar.Value, table.NameList)
                : unknown.Create(node.Span, keyPath, scalar.Value, table.NameList));
            return false;
        }

        private static bool CheckRange(YamlNode node, string keyPath, DiagnosticBag diagnostics, NumberRange range, double value, string text)
        {
            if (range.Contains(value)) return true;
            diagnostics.Add(range.IsPositive
                ? DiagnosticCatalog.ValueNotPositive.Create(node.Span, keyPath, text)
                : DiagnosticCatalog.ValueOutOfRange.Create(node.Span, keyPath, range.Description, text));
            return false;
        }
    }
}
