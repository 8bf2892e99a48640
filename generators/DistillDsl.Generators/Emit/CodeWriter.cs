using System;
using System.Text;

namespace DistillDsl.Generators.Emit
{
    /// <summary>Builds C# text line by line with four-space indentation and \n line endings.</summary>
    public sealed class CodeWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder text = new StringBuilder();
        private int depth;

        public string CurrentIndent => string.Concat(System.Linq.Enumerable.Repeat(IndentUnit, depth));

        /// <summary>One line at the current indentation; an empty line stays empty.</summary>
        public CodeWriter Line(string line = "")
        {
            if (line.Length > 0) text.Append(CurrentIndent).Append(line);
            text.Append('\n');
            return this;
        }

        /// <summary>Lines that already carry their own indentation (e.g. a raw string literal's content).</summary>
        public CodeWriter Verbatim(string lines)
        {
            text.Append(lines);
            if (lines.Length > 0 && lines[lines.Length - 1] != '\n') text.Append('\n');
            return this;
        }

        /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the result is disposed,
        /// which writes the closing brace (plus <paramref name="closingSuffix"/>, e.g. <c>;</c>).</summary>
        public IDisposable Block(string header, string closingSuffix = "")
        {
            Line(header);
            Line("{");
            depth++;
            return new Closer(this, closingSuffix);
        }

        public override string ToString() => text.ToString();

        private sealed class Closer : IDisposable
        {
            private readonly CodeWriter writer;
            private readonly string suffix;
            private bool closed;

            public Closer(CodeWriter writer, string suffix)
            {
                this.writer = writer;
                this.suffix = suffix;
            }

            public void Dispose()
            {
                if (closed) return;
                closed = true;
                writer.depth--;
                writer.Line("}" + suffix);
            }
        }
    }
}
