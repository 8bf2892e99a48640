using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads a 2-D size written as one integer (square) or as <c>[height, width]</c>.</summary>
    internal static class SizeReader
    {
        public const string Expected = "an integer or a list [height, width]";

        public static bool TryRead(YamlNode node, string keyPath, DiagnosticBag diagnostics, NumberRange range, out int height, out int width)
        {
            height = width = 0;
            if (node is YamlScalar)
            {
                if (!ScalarReader.TryInt(node, keyPath, diagnostics, range, out height)) return false;
                width = height;
                return true;
            }
            if (node is YamlSequence sequence && sequence.Items.Count == 2)
            {
                bool heightOk = ScalarReader.TryInt(sequence.Items[0], keyPath + "[0]", diagnostics, range, out height);
                bool widthOk = ScalarReader.TryInt(sequence.Items[1], keyPath + "[1]", diagnostics, range, out width);
                return heightOk && widthOk;
            }
            diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, keyPath, Expected, Describe.Node(node)));
            return false;
        }
    }
}
