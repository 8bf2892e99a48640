using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Words for what a node is, used in "must be X, but is Y" messages.</summary>
    internal static class Describe
    {
        public static string Node(YamlNode node)
        {
            switch (node)
            {
                case YamlMapping _:
                    return "a mapping";
                case YamlSequence sequence:
                    return sequence.Items.Count == 1 ? "a list of 1 item" : $"a list of {sequence.Items.Count} items";
                case YamlScalar scalar when scalar.IsNull:
                    return "empty";
                case YamlScalar scalar:
                    return "'" + Shorten(scalar.Value) + "'";
                default:
                    return "something else";
            }
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
