using System.Collections.Generic;
using DistillDsl.Spec.Model;

namespace DistillDsl.Spec.Parsing.Yaml
{
    /// <summary>A YAML node with its place in the file. The parser's own small tree (rather than YamlDotNet's
    /// representation model) so that duplicate keys and odd keys become diagnostics instead of exceptions.</summary>
    internal abstract class YamlNode
    {
        protected YamlNode(SourceSpan span)
        {
            Span = span;
        }

        public SourceSpan Span { get; }
    }

    internal sealed class YamlScalar : YamlNode
    {
        public YamlScalar(string value, bool isPlain, SourceSpan span) : base(span)
        {
            Value = value;
            IsPlain = isPlain;
        }

        public string Value { get; }

        /// <summary>Unquoted, so <c>null</c>, <c>~</c> and the empty string mean "no value".</summary>
        public bool IsPlain { get; }

        public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");
    }

    internal sealed class YamlSequence : YamlNode
    {
        public YamlSequence(IReadOnlyList<YamlNode> items, SourceSpan span) : base(span)
        {
            Items = items;
        }

        public IReadOnlyList<YamlNode> Items { get; }
    }

    internal sealed class YamlMapping : YamlNode
    {
        public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, SourceSpan span) : base(span)
        {
            Entries = entries;
        }

        /// <summary>Entries in file order; keys are unique (the reader reports and drops repeats).</summary>
        public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }
    }
}
