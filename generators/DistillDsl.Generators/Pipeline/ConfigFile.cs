using System;

namespace DistillDsl.Generators.Pipeline
{
    /// <summary>One config file as the compiler passed it: the path it will be reported under and its text as read.</summary>
    public sealed record ConfigFile(string Path, string Text)
    {
        /// <summary>Which AdditionalFiles are configs: every one whose name ends in <c>.yaml</c>.</summary>
        public static bool IsConfigPath(string path) => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
    }
}
