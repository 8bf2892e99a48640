using System.Text.RegularExpressions;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Config and teacher names become C# identifiers in generated code, so they are snake_case.</summary>
    internal static class Identifier
    {
        private static readonly Regex SnakeCase = new Regex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant);

        public static bool IsValid(string name) => SnakeCase.IsMatch(name);
    }
}
