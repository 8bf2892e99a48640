using System.Security.Cryptography;
using System.Text;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>The form of a config's text that is parsed, embedded and hashed, so the generated code does not depend
    /// on the line endings of the machine that checked the file out.</summary>
    public static class ConfigText
    {
        /// <summary>The text with every line ending (\r\n or \r) made \n.</summary>
        public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

        /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
        public static string Sha256(string text)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                var hex = new StringBuilder(hash.Length * 2);
                foreach (byte b in hash) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }
    }
}
