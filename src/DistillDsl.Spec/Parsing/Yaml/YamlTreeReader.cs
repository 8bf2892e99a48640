using System;
using System.Collections.Generic;
using System.IO;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DistillDsl.Spec.Parsing.Yaml
{
    /// <summary>Reads one YAML document into a <see cref="YamlNode"/> tree with YamlDotNet's low-level parser,
    /// reporting malformed YAML and duplicate keys as diagnostics.</summary>
    internal sealed class YamlTreeReader
    {
        /// <summary>Deeper nesting than any config needs; the limit keeps hostile input from exhausting the stack.</summary>
        private const int MaxDepth = 64;

        private readonly string path;
        private readonly DiagnosticBag diagnostics;
        private readonly IParser parser;
        private readonly Dictionary<string, YamlNode> anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        private Mark lastMark = Mark.Empty;

        private YamlTreeReader(string path, string text, DiagnosticBag diagnostics)
        {
            this.path = path;
            this.diagnostics = diagnostics;
            parser = new Parser(new StringReader(text));
        }

        /// <summary>The document's root node, an empty mapping for a file without a document, or null when the YAML is malformed.</summary>
        public static YamlNode? Read(string path, string text, DiagnosticBag diagnostics)
        {
            var reader = new YamlTreeReader(path, text, diagnostics);
            try
            {
                return reader.ReadStream();
            }
            catch (YamlException ex)
            {
                diagnostics.Add(DiagnosticCatalog.MalformedYaml.Create(reader.SpanOf(ex.Start, ex.End), ex.Message));
                return null;
            }
            catch (MalformedException ex)
            {
                diagnostics.Add(DiagnosticCatalog.MalformedYaml.Create(ex.Span, ex.Message));
                return null;
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this (instead of a YamlException) on some broken flow collections; its own
                // message describes the scanner's state, not the file, so it is not shown.
                diagnostics.Add(DiagnosticCatalog.MalformedYaml.Create(reader.SpanOf(reader.lastMark, reader.lastMark),
                    "the YAML parser stopped after this point: check for an unclosed [ ] or { } flow collection or a stray ':' or ','"));
                return null;
            }
        }

        private YamlNode ReadStream()
        {
            Expect<StreamStart>();
            if (Peek() is StreamEnd end)
            {
                return new YamlMapping(Array.Empty<KeyValuePair<YamlScalar, YamlNode>>(), SpanOf(end.Start, end.Start));
            }
            Expect<DocumentStart>();
            YamlNode root = ReadNode(0);
            Expect<DocumentEnd>();
            if (Peek() is DocumentStart second)
            {
                throw new MalformedException(SpanOf(second.Start, second.End), "a config holds exactly one YAML document, but a second one starts here");
            }
            Expect<StreamEnd>();
            return root;
        }

        private YamlNode ReadNode(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new MalformedException(SpanOf(lastMark, lastMark), $"nesting deeper than {MaxDepth} levels");
            }
            ParsingEvent current = Next();
            switch (current)
            {
                case Scalar scalar:
                    return Remember(scalar, new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, SpanOf(scalar.Start, scalar.End)));
                case SequenceStart start:
                    return Remember(start, ReadSequence(start, depth));
                case MappingStart start:
                    return Remember(start, ReadMapping(start, depth));
                case AnchorAlias alias:
                    if (anchors.TryGetValue(alias.Value.Value, out YamlNode? target)) return target;
                    throw new MalformedException(SpanOf(alias.Start, alias.End), $"the alias '*{alias.Value.Value}' names no anchor defined before it");
                default:
                    throw new MalformedException(SpanOf(current.Start, current.End), $"unexpected {current.GetType().Name}");
            }
        }

        private YamlSequence ReadSequence(SequenceStart start, int depth)
        {
            var items = new List<YamlNode>();
            while (!(Peek() is SequenceEnd))
            {
                items.Add(ReadNode(depth + 1));
            }
            ParsingEvent end = Next();
            return new YamlSequence(items, SpanOf(start.Start, end.End));
        }

        private YamlMapping ReadMapping(MappingStart start, int depth)
        {
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var firstLineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
            while (!(Peek() is MappingEnd))
            {
                YamlNode key = ReadNode(depth + 1);
                YamlNode value = ReadNode(depth + 1);
                if (!(key is YamlScalar scalarKey))
                {
                    diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(key.Span, "mapping key", "a plain name", Describe.Node(key)));
                    continue;
                }
                if (firstLineOfKey.TryGetValue(scalarKey.Value, out int firstLine))
                {
                    diagnostics.Add(DiagnosticCatalog.DuplicateKey.Create(scalarKey.Span, scalarKey.Value, firstLine));
                    continue;
                }
                firstLineOfKey.Add(scalarKey.Value, scalarKey.Span.StartLine);
                entries.Add(new KeyValuePair<YamlScalar, YamlNode>(scalarKey, value));
            }
            ParsingEvent end = Next();
            return new YamlMapping(entries, SpanOf(start.Start, end.End));
        }

        private YamlNode Remember(NodeEvent nodeEvent, YamlNode node)
        {
            if (!nodeEvent.Anchor.IsEmpty) anchors[nodeEvent.Anchor.Value] = node;
            return node;
        }

        private ParsingEvent? Peek()
        {
            if (parser.Current is null && !parser.MoveNext()) return null;
            return parser.Current;
        }

        private ParsingEvent Next()
        {
            ParsingEvent current = Peek() ?? throw new MalformedException(SpanOf(lastMark, lastMark), "unexpected end of file");
            lastMark = current.End;
            parser.MoveNext();
            return current;
        }

        private void Expect<T>() where T : ParsingEvent
        {
            ParsingEvent current = Next();
            if (!(current is T))
            {
                throw new MalformedException(SpanOf(current.Start, current.End), $"expected {typeof(T).Name} but found {current.GetType().Name}");
            }
        }

        private SourceSpan SpanOf(Mark start, Mark end) =>
            new SourceSpan(path, ToInt(start.Line), ToInt(start.Column), ToInt(end.Line), ToInt(end.Column));

        // Marks are 1-based; a default mark (0) becomes 1 so that every span is a valid compiler location.
        private static int ToInt(long value) => value < 1 ? 1 : value > int.MaxValue ? int.MaxValue : (int)value;

        private sealed class MalformedException : Exception
        {
            public MalformedException(SourceSpan span, string message) : base(message)
            {
                Span = span;
            }

            public SourceSpan Span { get; }
        }
    }
}
