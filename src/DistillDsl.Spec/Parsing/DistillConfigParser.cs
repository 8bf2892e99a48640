using System;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;
using DistillDsl.Spec.Validation;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>The one entry point from YAML text to a validated <see cref="DistillSpec"/>, shared by the source generator
    /// (build time) and the runtime (a config not compiled in), so both report identical diagnostics.
    /// A pure function of its arguments: it reads no files and never throws for bad input.</summary>
    public static class DistillConfigParser
    {
        /// <summary>Parses and validates one config. Structure problems (YAML, keys, value types, ranges) are collected
        /// first; the catalog and cross-checks of <see cref="DistillSpecValidator"/> run only on a well-formed config.</summary>
        /// <param name="path">The file path, used only in spans (pass it as the build should print it).</param>
        /// <param name="text">The YAML text.</param>
        public static ParseResult Parse(string path, string text)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (text is null) throw new ArgumentNullException(nameof(text));

            var diagnostics = new DiagnosticBag();
            YamlNode? root = YamlTreeReader.Read(path, text, diagnostics);
            DistillSpec? spec = root is null ? null : ConfigReader.Read(root, diagnostics);
            if (spec != null && !diagnostics.HasErrors)
            {
                DistillSpecValidator.Validate(spec, diagnostics);
            }
            return new ParseResult(diagnostics.HasErrors ? null : spec, diagnostics.ToSortedArray());
        }
    }
}
