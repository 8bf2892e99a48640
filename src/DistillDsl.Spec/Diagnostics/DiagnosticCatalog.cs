using System.Collections.Generic;

namespace DistillDsl.Spec.Diagnostics
{
    /// <summary>Every diagnostic the parser and the validator report. IDs are stable: never renumber or reuse one;
    /// add new ones at the end.</summary>
    public static class DiagnosticCatalog
    {
        /// <summary>The category the source generator gives these diagnostics.</summary>
        public const string Category = "DistillDsl.Config";

        private const DistillDiagnosticSeverity Error = DistillDiagnosticSeverity.Error;

        // ── YAML structure and value types (parser) ──────────────────────────────────────────────

        public static DistillDiagnosticDescriptor MalformedYaml { get; } = new DistillDiagnosticDescriptor(
            "DD0001", Error, "Malformed YAML", "The file is not valid YAML: {0}");

        public static DistillDiagnosticDescriptor UnknownKey { get; } = new DistillDiagnosticDescriptor(
            "DD0002", Error, "Unknown key", "Unknown key '{0}' in {1}; expected one of: {2}{3}");

        public static DistillDiagnosticDescriptor MissingRequiredKey { get; } = new DistillDiagnosticDescriptor(
            "DD0003", Error, "Missing required key", "Missing the required key '{1}' in {0}; expected {2}");

        public static DistillDiagnosticDescriptor WrongValueType { get; } = new DistillDiagnosticDescriptor(
            "DD0004", Error, "Wrong value type", "'{0}' must be {1}, but is {2}");

        public static DistillDiagnosticDescriptor UnknownValue { get; } = new DistillDiagnosticDescriptor(
            "DD0005", Error, "Unknown value", "'{0}' has the unknown value '{1}'; expected one of: {2}");

        public static DistillDiagnosticDescriptor DuplicateKey { get; } = new DistillDiagnosticDescriptor(
            "DD0006", Error, "Duplicate key", "The key '{0}' appears twice in the same mapping (first at line {1})");

        public static DistillDiagnosticDescriptor ValueNotPositive { get; } = new DistillDiagnosticDescriptor(
            "DD0007", Error, "Value must be positive", "'{0}' must be greater than 0, but is {1}");

        public static DistillDiagnosticDescriptor ValueOutOfRange { get; } = new DistillDiagnosticDescriptor(
            "DD0008", Error, "Value out of range", "'{0}' must be {1}, but is {2}");

        public static DistillDiagnosticDescriptor EmptyList { get; } = new DistillDiagnosticDescriptor(
            "DD0009", Error, "Empty list", "'{0}' must list at least one {1}");

        public static DistillDiagnosticDescriptor InvalidName { get; } = new DistillDiagnosticDescriptor(
            "DD0010", Error, "Invalid name", "'{0}' must be a snake_case identifier (a lowercase letter, then lowercase letters, digits or '_'), but is '{1}'");

        public static DistillDiagnosticDescriptor KeyNotApplicable { get; } = new DistillDiagnosticDescriptor(
            "DD0011", Error, "Key does not apply", "The key '{0}' does not apply to {1}; remove it");

        public static DistillDiagnosticDescriptor UnknownScoreKind { get; } = new DistillDiagnosticDescriptor(
            "DD0012", Error, "Unknown score kind", "'{0}' has the unknown score kind '{1}'; expected one of: {2}");

        public static DistillDiagnosticDescriptor UnknownCombinationKind { get; } = new DistillDiagnosticDescriptor(
            "DD0013", Error, "Unknown combination kind", "'{0}' has the unknown combination kind '{1}'; expected one of: {2}");

        // ── Meaning, checked against the backbone catalog (validator) ────────────────────────────

        public static DistillDiagnosticDescriptor UnknownBackbone { get; } = new DistillDiagnosticDescriptor(
            "DD0014", Error, "Unknown backbone", "'{0}': unknown backbone '{1}'; known backbones: {2}");

        public static DistillDiagnosticDescriptor UnknownTap { get; } = new DistillDiagnosticDescriptor(
            "DD0015", Error, "Unknown tap", "'{0}': backbone '{1}' has no tap '{2}'; valid taps: {3}");

        public static DistillDiagnosticDescriptor DuplicateName { get; } = new DistillDiagnosticDescriptor(
            "DD0016", Error, "Duplicate name", "'{0}': the {1} '{2}' is already defined (line {3})");

        public static DistillDiagnosticDescriptor TapsOutOfOrder { get; } = new DistillDiagnosticDescriptor(
            "DD0017", Error, "Taps out of forward order", "'{0}': tap '{1}' must come before tap '{2}' (list taps in the backbone's forward order: {3})");

        public static DistillDiagnosticDescriptor PoolingTooSmall { get; } = new DistillDiagnosticDescriptor(
            "DD0018", Error, "Pooling leaves less than 1×1", "'{0}': {1} on tap '{2}' ({3} at input {4}) leaves {5}; the pooled tap must be at least 1×1");

        public static DistillDiagnosticDescriptor PoolingEnlarges { get; } = new DistillDiagnosticDescriptor(
            "DD0019", Error, "Pooling enlarges the tap", "'{0}': adaptive_avg to {1} on tap '{2}' ({3} at input {4}) would enlarge it; the size must not exceed the tap's");

        public static DistillDiagnosticDescriptor ChannelPoolNotDivisor { get; } = new DistillDiagnosticDescriptor(
            "DD0020", Error, "Channel pooling does not divide the channels", "'{0}': tap '{1}' has {2} channels, which {3} does not divide; expected a divisor of {2}");

        public static DistillDiagnosticDescriptor StudentNotSupported { get; } = new DistillDiagnosticDescriptor(
            "DD0021", Error, "Student does not fit the teacher", "'{0}': {1}");

        public static DistillDiagnosticDescriptor StudentTapsDiffer { get; } = new DistillDiagnosticDescriptor(
            "DD0022", Error, "Student and teacher taps differ", "'{0}': {1}");

        public static DistillDiagnosticDescriptor ShapeMismatch { get; } = new DistillDiagnosticDescriptor(
            "DD0023", Error, "Student/teacher shape mismatch", "'{0}': at input {1}, tap '{2}' of the teacher is {3} after pooling, but the student outputs {4}");

        public static DistillDiagnosticDescriptor WidthNotWhole { get; } = new DistillDiagnosticDescriptor(
            "DD0024", Error, "Width ratio gives a fractional channel count", "'{0}': width_ratio {1} × {2} channels of '{3}' = {4}, which is not a whole number of channels");

        public static DistillDiagnosticDescriptor ModulateTeachers { get; } = new DistillDiagnosticDescriptor(
            "DD0025", Error, "Modulate needs exactly its two teachers", "'{0}': the modulate combination needs exactly two different teachers, the modulated and the modulating one; {1}");

        public static DistillDiagnosticDescriptor UnknownTeacher { get; } = new DistillDiagnosticDescriptor(
            "DD0026", Error, "Unknown teacher", "'{0}' names the teacher '{1}', which is not defined; teachers: {2}");

        public static DistillDiagnosticDescriptor ValidationSplitRequired { get; } = new DistillDiagnosticDescriptor(
            "DD0027", Error, "Validation split required", "'{0}' needs validation images, but 'training.validation_split' is 0");

        // ── Reporting ────────────────────────────────────────────────────────────────────────────

        public static DistillDiagnosticDescriptor MoreDiagnostics { get; } = new DistillDiagnosticDescriptor(
            "DD0028", Error, "Too many diagnostics", "... and {0} more diagnostics, not listed: only the first {1} of a config are reported");

        // ── Cross-checks added later (validator) ─────────────────────────────────────────────────

        public static DistillDiagnosticDescriptor QuantilesOutOfOrder { get; } = new DistillDiagnosticDescriptor(
            "DD0029", Error, "Quantiles out of order", "'{0}': q_a {1} must be less than q_b {2} (q_a maps to 0, q_b to 0.1)");

        public static DistillDiagnosticDescriptor RotationNeedsSquareInput { get; } = new DistillDiagnosticDescriptor(
            "DD0030", Error, "Rotation needs a square input", "'{0}': 90° rotations change the image's shape unless it is square, but the input is {1}");

        public static DistillDiagnosticDescriptor ReverseDistillationTap { get; } = new DistillDiagnosticDescriptor(
            "DD0031", Error, "Tap not usable by reverse distillation", "'{0}': the reverse_distillation student reads and reproduces the stage taps {1} of {2}, not '{3}' ({4})");

        public static DistillDiagnosticDescriptor ReverseDistillationPooling { get; } = new DistillDiagnosticDescriptor(
            "DD0032", Error, "Reverse distillation taps are not pooled", "'{0}': the reverse_distillation student reads tap '{1}' as the teacher outputs it and reproduces it at that shape; remove its {2}");

        public static DistillDiagnosticDescriptor MemoryBankEpochs { get; } = new DistillDiagnosticDescriptor(
            "DD0033", Error, "A memory bank trains one epoch", "'{0}': a memory_bank student is filled in one pass over the training images and has nothing to optimise, so the config must train 1 epoch, not {1}");

        public static DistillDiagnosticDescriptor MemoryBankMixed { get; } = new DistillDiagnosticDescriptor(
            "DD0034", Error, "Memory banks and trained students in one config", "'{0}': teacher '{1}' has a memory_bank student, which is filled in one pass; every student of the config must then be a memory_bank (trained students need epochs of gradient steps)");

        public static DistillDiagnosticDescriptor ReflectBorderStride { get; } = new DistillDiagnosticDescriptor(
            "DD0035", Error, "Reflect border not a multiple of a tap's stride", "'{0}': {1} pixels is not a multiple of the stride {3} of tap '{2}', so its features cannot be cropped back to the image's extent (try {4})");

        public static DistillDiagnosticDescriptor ReflectBorderTooWide { get; } = new DistillDiagnosticDescriptor(
            "DD0036", Error, "Reflect border as wide as the image", "'{0}': {1} pixels must be less than the input's smaller side {2} (a mirror cannot reach past the far edge)");

        public static DistillDiagnosticDescriptor ImageTapNeedsMemoryBank { get; } = new DistillDiagnosticDescriptor(
            "DD0037", Error, "The image tap needs a memory bank", "'{0}': tap 'image' is the teacher's input itself, which only a memory_bank student compares with normal images (a trained student would be asked to copy its own input)");

        public static DistillDiagnosticDescriptor DownsampleNotDivisor { get; } = new DistillDiagnosticDescriptor(
            "DD0038", Error, "Downsample does not divide the input", "'{0}': blocks of {1}×{1} pixels do not tile the {2} input (use a downsample that divides both sides, or an input size that is a multiple of {1})");

        /// <summary>All descriptors, in ID order.</summary>
        public static IReadOnlyList<DistillDiagnosticDescriptor> All { get; } = new[]
        {
            MalformedYaml, UnknownKey, MissingRequiredKey, WrongValueType, UnknownValue, DuplicateKey, ValueNotPositive,
            ValueOutOfRange, EmptyList, InvalidName, KeyNotApplicable, UnknownScoreKind, UnknownCombinationKind,
            UnknownBackbone, UnknownTap, DuplicateName, TapsOutOfOrder, PoolingTooSmall, PoolingEnlarges,
            ChannelPoolNotDivisor, StudentNotSupported, StudentTapsDiffer, ShapeMismatch, WidthNotWhole,
            ModulateTeachers, UnknownTeacher, ValidationSplitRequired, MoreDiagnostics, QuantilesOutOfOrder,
            RotationNeedsSquareInput, ReverseDistillationTap, ReverseDistillationPooling, MemoryBankEpochs, MemoryBankMixed,
            ReflectBorderStride, ReflectBorderTooWide, ImageTapNeedsMemoryBank, DownsampleNotDivisor,
        };
    }
}
