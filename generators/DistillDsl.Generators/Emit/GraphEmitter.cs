using System.Collections.Generic;
using System.Linq;
using DistillDsl.Generators.Pipeline;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;
using DistillDsl.Spec.Summary;

namespace DistillDsl.Generators.Emit
{
    /// <summary>Writes the graph class of one valid config: constants (name, file, hash, YAML, input size, per teacher
    /// and tap), its <c>ConfigSource</c>, constructors (at the config's size or another), the typed, disposable
    /// <c>Features</c> with <c>ForwardFeatures</c> and the loss and map that take them, and the architecture summary. The
    /// class adds types, constants and shape checks only; the runtime's <c>DistillGraph</c> builds the network from the
    /// same spec the interpreter would use.</summary>
    public static class GraphEmitter
    {
        public const string Namespace = "DistillDsl.Configs";

        /// <summary>The generated file for <paramref name="spec"/>, parsed from <paramref name="yamlText"/> (\n line endings).
        /// A pure function: the same spec and text always give the same file.</summary>
        public static GeneratedSource Emit(DistillSpec spec, string yamlText)
        {
            string className = CSharpNames.GraphClass(spec.Name);
            string fileName = FileName(spec.Span.FilePath);
            var taps = spec.Teachers.SelectMany(t => t.Taps.Select(tap => new TapView(spec, t, tap))).ToList();

            var code = new CodeWriter();
            GeneratedFileHeader.Write(code, fileName);
            code.Line("using System;");
            code.Line("using DistillDsl.Graphs;");
            code.Line("using DistillDsl.Spec.Model;");
            code.Line("using static TorchSharp.torch;");
            code.Line();
            using (code.Block($"namespace {Namespace}"))
            {
                code.Line($"/// <summary>{CSharpLiterals.XmlDoc(spec.Description ?? $"The {spec.Name} config.")}</summary>");
                code.Line($"/// <remarks>Generated from <c>{CSharpLiterals.XmlDoc(fileName)}</c>: teachers {CSharpLiterals.XmlDoc(string.Join(", ", spec.Teachers.Select(t => $"{t.Name} ({t.Backbone})")))}.</remarks>");
                using (code.Block($"public sealed partial class {className} : DistillGraph"))
                {
                    WriteConfigConstants(code, spec, fileName, yamlText);
                    WriteConstructionMembers(code, className);
                    WriteForwardFeatures(code, taps);
                    foreach (TeacherSpec teacher in spec.Teachers) WriteTeacherClass(code, spec, teacher);
                    WriteFeaturesRecord(code, taps);
                    WriteTextConstants(code, spec, yamlText);
                }
            }
            return new GeneratedSource(className + ".g.cs", code.ToString());
        }

        /// <summary>The file name without folders: generated code never contains a machine path.</summary>
        public static string FileName(string path)
        {
            int slash = path.LastIndexOfAny(new[] { '/', '\\' });
            return slash < 0 ? path : path.Substring(slash + 1);
        }

        private static void WriteConfigConstants(CodeWriter code, DistillSpec spec, string fileName, string yamlText)
        {
            code.Line("/// <summary>The config's <c>name</c>.</summary>");
            code.Line($"public const string ConfigName = {CSharpLiterals.String(spec.Name)};");
            code.Line();
            code.Line("/// <summary>The config's file name (without folders).</summary>");
            code.Line($"public const string ConfigFileName = {CSharpLiterals.String(fileName)};");
            code.Line();
            code.Line("/// <summary>SHA-256 of <see cref=\"ConfigYaml\"/> (UTF-8, \\n line endings), lowercase hex.</summary>");
            code.Line($"public const string ConfigSha256 = {CSharpLiterals.String(ConfigText.Sha256(yamlText))};");
            code.Line();
            code.Line("/// <summary>Height every image is resized to.</summary>");
            code.Line($"public const int InputHeight = {CSharpLiterals.Int(spec.Input.Height)};");
            code.Line();
            code.Line("/// <summary>Width every image is resized to.</summary>");
            code.Line($"public const int InputWidth = {CSharpLiterals.Int(spec.Input.Width)};");
            code.Line();
        }

        private static void WriteConstructionMembers(CodeWriter code, string className)
        {
            code.Line("private static readonly Lazy<ConfigSource> compiledSource = new Lazy<ConfigSource>(() => ConfigSource.FromEmbedded(ConfigFileName, ConfigYaml));");
            code.Line();
            code.Line("/// <summary>Builds the graph at the config's input size: frozen teachers and trainable students, as the config describes them.</summary>");
            code.Line($"public {className}(GraphBuildOptions? options = null)");
            code.Line("    : base(CompiledSource, null, options)");
            code.Line("{");
            code.Line("}");
            code.Line();
            code.Line("/// <summary>Builds the graph at a square input of <paramref name=\"imageSize\"/> pixels (the config's own size when null).</summary>");
            code.Line($"public {className}(int? imageSize, GraphBuildOptions? options = null)");
            code.Line("    : base(CompiledSource, imageSize, options)");
            code.Line("{");
            code.Line("}");
            code.Line();
            code.Line("/// <summary>The config's text, hash and spec, parsed once from <see cref=\"ConfigYaml\"/> (valid when the generator read it).</summary>");
            code.Line("public static ConfigSource CompiledSource => compiledSource.Value;");
            code.Line();
            code.Line("/// <summary>The config's spec at its own input size.</summary>");
            code.Line("public static DistillSpec LoadSpec() => CompiledSource.Spec;");
            code.Line();
        }

        private static void WriteForwardFeatures(CodeWriter code, List<TapView> taps)
        {
            code.Line("/// <summary>Runs the graph on <paramref name=\"rgb\"/> ([B, 3, H, W] in [0, 1]) and names the features by teacher and");
            code.Line("/// tap, each checked against its constants (channels always; height and width at the config's own input size).");
            code.Line("/// The features are the caller's: dispose them, or call this inside a dispose scope.</summary>");
            code.Line("/// <exception cref=\"InvalidOperationException\">A tap's features do not have the generated shape.</exception>");
            using (code.Block("public Features ForwardFeatures(Tensor rgb)"))
            {
                code.Line("var features = new Features(forward(rgb));");
                code.Line("bool atConfigSize = Spec.Input.Height == InputHeight && Spec.Input.Width == InputWidth;");
                foreach (TapView tap in taps)
                {
                    string constants = $"{tap.TeacherClass}.{tap.TapClass}";
                    code.Line($"CheckShape(features, {CSharpLiterals.String(tap.TeacherName + "/" + tap.Tap.Name)}, features.{tap.Property}, {constants}.Channels, {constants}.Height, {constants}.Width, atConfigSize);");
                }
                code.Line("return features;");
            }
            code.Line();
            code.Line("/// <summary>Eq. 8's loss of typed features (see <see cref=\"DistillGraph.Loss(GraphFeatures)\"/>).</summary>");
            code.Line("public Tensor Loss(Features features) => Loss((features ?? throw new ArgumentNullException(nameof(features))).All);");
            code.Line();
            code.Line("/// <summary>The anomaly maps of typed features (see <see cref=\"DistillGraph.AnomalyMap(GraphFeatures, long, long)\"/>).</summary>");
            code.Line("public Tensor AnomalyMap(Features features, long height, long width) =>");
            code.Line("    AnomalyMap((features ?? throw new ArgumentNullException(nameof(features))).All, height, width);");
            code.Line();
            code.Line("private static void CheckShape(Features features, string tap, TapPair pair, int channels, int height, int width, bool atConfigSize)");
            code.Line("{");
            code.Line("    foreach (Tensor tensor in new[] { pair.Teacher, pair.Student })");
            code.Line("    {");
            code.Line("        bool fits = tensor.dim() == 4 && tensor.shape[1] == channels && (!atConfigSize || (tensor.shape[2] == height && tensor.shape[3] == width));");
            code.Line("        if (fits) continue;");
            code.Line("        features.Dispose();");
            code.Line("        throw new InvalidOperationException(");
            code.Line("            $\"Tap {tap} of config {ConfigName} gives features of shape [{string.Join(\", \", tensor.shape)}]; its generated shape is [B, {channels}, {height}, {width}].\");");
            code.Line("    }");
            code.Line("}");
            code.Line();
        }

        private static void WriteTeacherClass(CodeWriter code, DistillSpec spec, TeacherSpec teacher)
        {
            code.Line($"/// <summary>The teacher <c>{teacher.Name}</c>: {teacher.Backbone}, frozen. Its taps as the loss compares them, after pooling.</summary>");
            using (code.Block($"public static class {CSharpNames.TeacherClass(teacher.Name)}"))
            {
                code.Line($"public const string Name = {CSharpLiterals.String(teacher.Name)};");
                code.Line($"public const string Backbone = {CSharpLiterals.String(teacher.Backbone)};");
                code.Line();
                code.Line("/// <summary>Weight of this teacher's loss in the total loss (paper Eq. 8).</summary>");
                code.Line($"public const double Alpha = {CSharpLiterals.Double(teacher.Alpha)};");
                code.Line();
                code.Line("/// <summary>Pixels the image is mirrored out by on each side before this teacher reads it (0: none).</summary>");
                code.Line($"public const int ReflectBorder = {teacher.ReflectBorder};");
                code.Line();
                code.Line("/// <summary>This teacher and its student read the image averaged over blocks of this many pixels a side (1: as it is).</summary>");
                code.Line($"public const int Downsample = {teacher.Downsample};");
                foreach (TapSpec tapSpec in teacher.Taps)
                {
                    var tap = new TapView(spec, teacher, tapSpec);
                    code.Line();
                    code.Line($"/// <summary>Tap <c>{tap.Tap.Name}</c>: {tap.Description}.</summary>");
                    using (code.Block($"public static class {tap.TapClass}"))
                    {
                        code.Line($"public const string Name = {CSharpLiterals.String(tap.Tap.Name)};");
                        code.Line($"public const int Channels = {CSharpLiterals.Int(tap.Pooled.Channels)};");
                        code.Line($"public const int Stride = {CSharpLiterals.Int(tap.Stride)};");
                        code.Line($"public const int Height = {CSharpLiterals.Int(tap.Pooled.Height)};");
                        code.Line($"public const int Width = {CSharpLiterals.Int(tap.Pooled.Width)};");
                        code.Line();
                        code.Line("/// <summary>Weight of this tap's loss within the teacher's loss.</summary>");
                        code.Line($"public const double Weight = {CSharpLiterals.Double(tap.Tap.Weight)};");
                    }
                }
            }
            code.Line();
        }

        private static void WriteFeaturesRecord(CodeWriter code, List<TapView> taps)
        {
            code.Line("/// <summary>The features of one forward pass: per teacher and tap, the teacher's (after pooling) and the");
            code.Line("/// student's, [B, C, H, W] with B the batch size. They own their tensors: dispose them.</summary>");
            using (code.Block("public sealed class Features : IDisposable"))
            {
                code.Line("/// <summary>Names the pairs of <paramref name=\"all\"/>, which it then owns.</summary>");
                using (code.Block("public Features(GraphFeatures all)"))
                {
                    code.Line("All = all ?? throw new ArgumentNullException(nameof(all));");
                    foreach (TapView tap in taps)
                    {
                        code.Line($"{tap.Property} = all.Pair({tap.TeacherClass}.Name, {tap.TeacherClass}.{tap.TapClass}.Name);");
                    }
                }
                code.Line();
                code.Line("/// <summary>Every pair, as the graph's loss and map take them.</summary>");
                code.Line("public GraphFeatures All { get; }");
                foreach (TapView tap in taps)
                {
                    code.Line();
                    code.Line($"/// <summary>{tap.TeacherName}, tap {tap.Tap.Name}: {tap.Description}.</summary>");
                    code.Line($"public TapPair {tap.Property} {{ get; }}");
                }
                code.Line();
                code.Line("public void Dispose() => All.Dispose();");
            }
            code.Line();
        }

        private static void WriteTextConstants(CodeWriter code, DistillSpec spec, string yamlText)
        {
            string indent = code.CurrentIndent;
            code.Line("/// <summary>The networks of this config, per module: kind, channels, stride, output size, parameters.</summary>");
            code.Line($"public const string ArchitectureSummary = {CSharpLiterals.Text(ArchitectureSummary.Render(spec), indent)};");
            code.Line();
            code.Line("/// <summary>The config's YAML text, with \\n line endings.</summary>");
            code.Line($"public const string ConfigYaml = {CSharpLiterals.Text(yamlText, indent)};");
        }

        /// <summary>One (teacher, tap) pair with the names and shapes the emitted code uses.</summary>
        private sealed class TapView
        {
            public TapView(DistillSpec spec, TeacherSpec teacher, TapSpec tap)
            {
                TapInfo info = BackboneCatalog.Get(teacher.Backbone).FindTap(tap.Name)!;
                TeacherName = teacher.Name;
                Tap = tap;
                TeacherClass = CSharpNames.TeacherClass(teacher.Name);
                TapClass = CSharpNames.TapClass(tap.Name);
                Property = CSharpNames.FeatureProperty(teacher.Name, tap.Name);
                InputSpec input = TeacherInput.Of(teacher, spec.Input);
                Unpooled = ShapeInference.TeacherTap(info, input);
                Pooled = ShapeInference.PooledTeacherTap(info, tap, input);
                Stride = teacher.Downsample * PooledTapStride.Of(info, tap, input);
            }

            public string TeacherName { get; }
            public TapSpec Tap { get; }
            public string TeacherClass { get; }
            public string TapClass { get; }
            public string Property { get; }
            public FeatureShape Unpooled { get; }
            public FeatureShape Pooled { get; }
            public int Stride { get; }

            /// <summary>E.g. <c>32×32×32, stride 8 (teacher 64×64×64 pooled by adaptive_avg to 32×32, channel_pool 32)</c>.</summary>
            public string Description
            {
                get
                {
                    string described = PoolingDescription.Of(Tap);
                    string pooling = described == "none" ? "not pooled" : $"teacher {Unpooled} pooled by {described}";
                    return $"{Pooled} (C×H×W), stride {Stride}; {pooling}";
                }
            }
        }
    }
}
