using System;
using System.Collections.Generic;
using System.Linq;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>The YAML spellings of one enum-like key's values.</summary>
    internal sealed class ValueTable<T> where T : struct
    {
        private readonly KeyValuePair<string, T>[] entries;

        public ValueTable(params KeyValuePair<string, T>[] entries)
        {
            this.entries = entries;
        }

        public IEnumerable<string> Names => entries.Select(e => e.Key);

        /// <summary>"a, b, c" for messages.</summary>
        public string NameList => string.Join(", ", Names);

        public bool TryGet(string name, out T value)
        {
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Key, name, StringComparison.Ordinal))
                {
                    value = entry.Value;
                    return true;
                }
            }
            value = default;
            return false;
        }

        public string NameOf(T value) => entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Key;
    }

    internal static class ValueTable
    {
        public static KeyValuePair<string, T> Entry<T>(string name, T value) => new KeyValuePair<string, T>(name, value);
    }
}
