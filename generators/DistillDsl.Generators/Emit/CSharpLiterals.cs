using System.Globalization;
using System.Linq;
using System.Text;

namespace DistillDsl.Generators.Emit
{
    /// <summary>C# literals for values that go into generated code.</summary>
    public static class CSharpLiterals
    {
        /// <summary>A quoted, escaped string literal on one line.</summary>
        public static string String(string value)
        {
            var literal = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': literal.Append("\\\""); break;
                    case '\\': literal.Append("\\\\"); break;
                    case '\n': literal.Append("\\n"); break;
                    case '\r': literal.Append("\\r"); break;
                    case '\t': literal.Append("\\t"); break;
                    default:
                        if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreak(c)) literal.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else literal.Append(c);
                        break;
                }
            }
            return literal.Append('"').ToString();
        }

        /// <summary>A literal for a (possibly multi-line) text, for a constant initialiser written after <c>= </c> at
        /// <paramref name="indent"/>: a raw string literal whose lines are indented like the code around it, or, for
        /// text a raw literal cannot hold exactly, a one-line escaped literal. Ends without a semicolon.</summary>
        public static string Text(string value, string indent)
        {
            if (!FitsRawLiteral(value)) return String(value);

            // The delimiter must be longer than any run of quotes in the text.
            int longestQuoteRun = 0, run = 0;
            foreach (char c in value)
            {
                run = c == '"' ? run + 1 : 0;
                longestQuoteRun = System.Math.Max(longestQuoteRun, run);
            }
            string delimiter = new string('"', System.Math.Max(3, longestQuoteRun + 1));

            // Content lines lose the closing delimiter's indentation; a final \n in the text is an empty last line.
            var literal = new StringBuilder().Append(delimiter).Append('\n');
            foreach (string line in value.Split('\n'))
            {
                if (line.Length > 0) literal.Append(indent).Append(line);
                literal.Append('\n');
            }
            return literal.Append(indent).Append(delimiter).ToString();
        }

        /// <summary>A double literal that reads back as the same value (<c>1.0</c>, <c>0.1</c>, <c>1E-05</c>).</summary>
        public static string Double(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Text safe inside an XML doc comment: markup characters escaped, on one line.</summary>
        public static string XmlDoc(string text)
        {
            string oneLine = string.Join(" ", text.Split(new[] { '\n', '\r' }, System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            var escaped = new StringBuilder(oneLine.Length);
            foreach (char c in oneLine)
            {
                switch (c)
                {
                    case '&': escaped.Append("&amp;"); break;
                    case '<': escaped.Append("&lt;"); break;
                    case '>': escaped.Append("&gt;"); break;
                    default:
                        escaped.Append(char.IsControl(c) || IsLineBreak(c) ? ' ' : c);
                        break;
                }
            }
            return escaped.ToString();
        }

        /// <summary>A raw literal keeps its text exactly if the text is not empty, has only \n line breaks, no other
        /// control characters but tabs, no lone surrogates, and no line of only whitespace (whose whitespace a raw
        /// literal would drop).</summary>
        private static bool FitsRawLiteral(string value)
        {
            if (value.Length == 0) return false;
            foreach (char c in value)
            {
                if (c == '\n' || c == '\t') continue;
                if (char.IsControl(c) || char.IsSurrogate(c) || IsLineBreak(c)) return false;
            }
            return value.Split('\n').All(line => line.Length == 0 || line.Trim().Length > 0);
        }

        /// <summary>Characters C# treats as line breaks besides \r and \n.</summary>
        private static bool IsLineBreak(char c) => c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
