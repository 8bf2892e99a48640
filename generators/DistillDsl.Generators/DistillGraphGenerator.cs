using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DistillDsl.Generators.Diagnostics;
using DistillDsl.Generators.Emit;
using DistillDsl.Generators.Pipeline;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DistillDsl.Generators
{
    /// <summary>Compiles every <c>.yaml</c> AdditionalFile into a typed graph class, reports config problems as compiler
    /// errors located in the YAML, and writes the <c>CompiledConfigs</c> registry. Pipeline state is plain equatable
    /// records (no symbols, no syntax), so an edit to one config re-runs only that config's steps.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DistillGraphGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ConfigFile> files = context.AdditionalTextsProvider
                .Where(file => ConfigFile.IsConfigPath(file.Path))
                .SelectMany((file, cancellationToken) => Read(file, cancellationToken))
                .WithTrackingName(TrackingNames.ConfigFiles);

            IncrementalValuesProvider<ParsedConfig> parsed = files
                .Select((file, _) => Parse(file))
                .WithTrackingName(TrackingNames.ParsedConfigs);

            IncrementalValuesProvider<ConfigDiagnostics> parseDiagnostics = parsed
                .Select((config, _) => config.Result.Diagnostics.IsEmpty ? ConfigDiagnostics.None : new ConfigDiagnostics(config.Text, config.Result.Diagnostics))
                .WithTrackingName(TrackingNames.ParseDiagnostics);

            IncrementalValuesProvider<ParsedConfig> valid = parsed.Where(config => config.Result.Spec != null);

            IncrementalValueProvider<EquatableArray<ConfigIdentity>> names = valid
                .Select((config, _) => Identify(config.Result.Spec!))
                .Collect()
                .Select((identities, _) => InNameOrder(identities))
                .WithTrackingName(TrackingNames.ConfigNames);

            IncrementalValuesProvider<GraphOutput> graphs = valid
                .Combine(names)
                .Select((pair, _) => EmitGraph(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.GraphSources);

            IncrementalValueProvider<string?> helpUri = context.AnalyzerConfigOptionsProvider
                .Select((options, _) => options.GlobalOptions.TryGetValue("build_property." + RoslynDiagnostics.HelpUriProperty, out string? uri)
                                        && !string.IsNullOrWhiteSpace(uri) ? uri : null)
                .WithTrackingName(TrackingNames.HelpUri);

            IncrementalValueProvider<GeneratedSource?> registry = names
                .Select((identities, _) => EmitRegistry(identities))
                .WithTrackingName(TrackingNames.Registry);

            context.RegisterSourceOutput(parseDiagnostics.Combine(helpUri), (output, pair) => Report(output, pair.Left, pair.Right));
            context.RegisterSourceOutput(graphs.Combine(helpUri), (output, pair) =>
            {
                GraphOutput graph = pair.Left;
                Report(output, graph.Diagnostics, pair.Right);
                if (graph.Source is { } source) output.AddSource(source.HintName, source.Source);
            });
            context.RegisterSourceOutput(registry, (output, source) =>
            {
                if (source != null) output.AddSource(source.HintName, source.Source);
            });
        }

        /// <summary>The file's path and text; nothing for a file the compiler could not read (it reports that itself).</summary>
        private static IEnumerable<ConfigFile> Read(AdditionalText file, CancellationToken cancellationToken)
        {
            SourceText? text = file.GetText(cancellationToken);
            return text is null ? Array.Empty<ConfigFile>() : new[] { new ConfigFile(file.Path, text.ToString()) };
        }

        /// <summary>Parses the \n-normalised text, which is what the generated class embeds and parses again at run time.</summary>
        private static ParsedConfig Parse(ConfigFile file)
        {
            string yaml = ConfigText.Normalize(file.Text);
            return new ParsedConfig(file.Path, file.Text, yaml, DistillConfigParser.Parse(file.Path, yaml));
        }

        private static ConfigIdentity Identify(DistillSpec spec) =>
            new ConfigIdentity(spec.Name, CSharpNames.GraphClass(spec.Name), spec.Span.FilePath, spec.NameSpan);

        /// <summary>By name, then path: for a name used twice, the config with the first path (ordinal) keeps it.</summary>
        private static EquatableArray<ConfigIdentity> InNameOrder(ImmutableArray<ConfigIdentity> identities) =>
            identities.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal).ToEquatableArray();

        private static GraphOutput EmitGraph(ParsedConfig config, EquatableArray<ConfigIdentity> names)
        {
            DistillSpec spec = config.Result.Spec!;
            ConfigIdentity owner = names.First(n => n.Name == spec.Name);
            if (owner.Path != config.Path)
            {
                var duplicate = GeneratorDiagnostics.DuplicateConfigName.Create(spec.NameSpan, spec.Name, owner.Path, owner.ClassName);
                return new GraphOutput(null, new ConfigDiagnostics(config.Text, EquatableArray.Create(duplicate)));
            }
            return new GraphOutput(GraphEmitter.Emit(spec, config.Yaml), ConfigDiagnostics.None);
        }

        /// <summary>The registry of every config name (once each); nothing when no config is valid, so a project whose
        /// configs all fail shows only their errors.</summary>
        private static GeneratedSource? EmitRegistry(EquatableArray<ConfigIdentity> names)
        {
            var distinct = names.GroupBy(n => n.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
            return distinct.Count == 0 ? null : RegistryEmitter.Emit(distinct);
        }

        private static void Report(SourceProductionContext output, ConfigDiagnostics diagnostics, string? helpUri)
        {
            if (diagnostics.Diagnostics.IsEmpty) return;
            SourceText text = SourceText.From(diagnostics.Text);
            foreach (var diagnostic in diagnostics.Diagnostics) output.ReportDiagnostic(RoslynDiagnostics.Create(diagnostic, text, helpUri));
        }
    }
}
