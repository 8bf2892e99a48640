using System.Collections.Generic;

namespace DistillDsl.Generators
{
    /// <summary>Names of the generator's pipeline steps (<c>WithTrackingName</c>), so tests can check what ran again.</summary>
    public static class TrackingNames
    {
        /// <summary>Each <c>.yaml</c> AdditionalFile as path and text.</summary>
        public const string ConfigFiles = nameof(ConfigFiles);

        /// <summary>Each file parsed and validated.</summary>
        public const string ParsedConfigs = nameof(ParsedConfigs);

        /// <summary>Each file's parser and validator diagnostics.</summary>
        public const string ParseDiagnostics = nameof(ParseDiagnostics);

        /// <summary>The names of all valid configs (one collected value).</summary>
        public const string ConfigNames = nameof(ConfigNames);

        /// <summary>Each valid config's generated graph class.</summary>
        public const string GraphSources = nameof(GraphSources);

        /// <summary>The address of the config reference that diagnostics link to (one value; null without one).</summary>
        public const string HelpUri = nameof(HelpUri);

        /// <summary>The <c>CompiledConfigs</c> registry (one value).</summary>
        public const string Registry = nameof(Registry);

        public static IReadOnlyList<string> All { get; } = new[] { ConfigFiles, ParsedConfigs, ParseDiagnostics, ConfigNames, GraphSources, HelpUri, Registry };
    }
}
