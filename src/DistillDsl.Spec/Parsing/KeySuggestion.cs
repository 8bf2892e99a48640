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

        /// <summary>Case-insensitive edit distance counting insertions, deletions, substitutions and swaps of two
        /// neighbouring letters (optimal string alignment), so "alpah" is one edit from "alpha".</summary>
        public static int EditDistance(string a, string b)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }
            return d[a.Length, b.Length];
        }
    }
}
