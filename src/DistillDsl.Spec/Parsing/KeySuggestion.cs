using System;
using System.Collections.Generic;
using System.Linq;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>The known key closest to a misspelt one, by edit distance.</summary>
    internal static class KeySuggestion
    {
        /// <summary>The closest candidate within a third of the word's length (at least 1, at most 3 edits), or null.</summary>
        public static string? Closest(string word, IEnumerable<string> candidates)
        {
            int allowed = Math.Min(3, Math.Max(1, word.Length / 3));
            return candidates
                .Select(c => (Candidate: c, Distance: EditDistance(word, c)))
                .Where(x => x.Distance <= allowed)
                .OrderBy(x => x.Distance)
                .ThenBy(x => x.Candidate, StringComparer.Ordinal)
                .Select(x => x.Candidate)
                .FirstOrDefault();
        }

        /// <summary>Levenshtein distance (insertions, deletions, substitutions), case-insensitive.</summary>
        public static int EditDistance(string a, string b)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }
                var swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.Length];
        }
    }
}
