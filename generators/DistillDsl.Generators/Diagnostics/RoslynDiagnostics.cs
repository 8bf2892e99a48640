using System;
using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DistillDsl.Generators.Diagnostics
{
    /// <summary>Turns config diagnostics into compiler diagnostics located in the YAML file, so the build prints
    /// <c>configs/x.yaml(12,5): error DD0003: ...</c> and IDEs can jump to the place, with a help link to the diagnostic's
    /// row in the config reference when the project names where that page is (<see cref="HelpUriProperty"/>).</summary>
    public static class RoslynDiagnostics
    {
        /// <summary>The MSBuild property (made visible with <c>CompilerVisibleProperty</c>) that holds the config reference's
        /// address; each diagnostic links to <c>that#ddNNNN</c>. No help links without it.</summary>
        public const string HelpUriProperty = "DistillDslDiagnosticsHelpUri";

        /// <summary>The help link of diagnostic <paramref name="id"/> under <paramref name="helpUri"/>: its anchor in the page.</summary>
        public static string? HelpLink(string id, string? helpUri) =>
            string.IsNullOrWhiteSpace(helpUri) ? null : helpUri!.TrimEnd('#') + "#" + id.ToLowerInvariant();

        /// <summary>One Roslyn descriptor per config diagnostic ID, built once. The message is formatted by the parser
        /// already, so the Roslyn format is just <c>{0}</c>.</summary>
        private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors =
            DiagnosticCatalog.All.Concat(GeneratorDiagnostics.All).ToDictionary(d => d.Id, ToRoslyn, StringComparer.Ordinal);

        public static IReadOnlyCollection<DiagnosticDescriptor> All => Descriptors.Values;

        public static DiagnosticSeverity Severity(DistillDiagnosticSeverity severity) =>
            severity == DistillDiagnosticSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;

        /// <summary>The compiler diagnostic for <paramref name="diagnostic"/>, located in <paramref name="fileText"/>
        /// (the text of the file its span points into).</summary>
        public static Diagnostic Create(DistillDiagnostic diagnostic, SourceText fileText, string? helpUri = null)
        {
            DiagnosticDescriptor descriptor = helpUri is null && Descriptors.TryGetValue(diagnostic.Id, out var known)
                ? known
                : ToRoslyn(diagnostic.Descriptor, helpUri);
            return Diagnostic.Create(descriptor, Locate(diagnostic.Span, fileText), diagnostic.Message);
        }

        /// <summary>A location in a non-C# file. <see cref="SourceSpan"/> is 1-based with an exclusive end; Roslyn's line
        /// positions are 0-based. Spans past the end of the text (an empty file, a missing key) are clamped to it.</summary>
        public static Location Locate(SourceSpan span, SourceText text)
        {
            LinePosition start = Clamp(text, span.StartLine, span.StartColumn);
            LinePosition end = Clamp(text, span.EndLine, span.EndColumn);
            if (end < start) end = start;
            var lines = new LinePositionSpan(start, end);
            return Location.Create(span.FilePath, text.Lines.GetTextSpan(lines), lines);
        }

        private static LinePosition Clamp(SourceText text, int line, int column)
        {
            int lineIndex = Math.Min(Math.Max(line - 1, 0), text.Lines.Count - 1);
            TextLine textLine = text.Lines[lineIndex];
            int character = line - 1 > lineIndex ? textLine.Span.Length : Math.Min(Math.Max(column - 1, 0), textLine.Span.Length);
            return new LinePosition(lineIndex, character);
        }

        private static DiagnosticDescriptor ToRoslyn(DistillDiagnosticDescriptor descriptor) => ToRoslyn(descriptor, null);

        private static DiagnosticDescriptor ToRoslyn(DistillDiagnosticDescriptor descriptor, string? helpUri) => new DiagnosticDescriptor(
            descriptor.Id, descriptor.Title, "{0}", DiagnosticCatalog.Category, Severity(descriptor.Severity), isEnabledByDefault: true,
            helpLinkUri: HelpLink(descriptor.Id, helpUri));
    }
}
