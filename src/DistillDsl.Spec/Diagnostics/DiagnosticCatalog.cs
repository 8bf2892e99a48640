using System.Collections.Generic;

namespace DistillDsl.Spec.Diagnostics
{
    /// <summary>Every diagnostic the parser and the validator report. IDs are stable: never renumber or reuse one;
    /// add new ones at the end.</summary>
    public static class DiagnosticCatalog
    {
        private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

        // ── YAML structure and value types (parser) ──────────────────────────────────────────────

        public static DiagnosticDescriptor MalformedYaml { get; } = new DiagnosticDescriptor(
            "DD0001", Error, "Malformed YAML", "The file is not valid YAML: {0}");

        public static DiagnosticDescriptor UnknownKey { get; } = new DiagnosticDescriptor(
            "DD0002", Error, "Unknown key", "Unknown key '{0}' in {1}; expected one of: {2}{3}");

        public static DiagnosticDescriptor MissingRequiredKey { get; } = new DiagnosticDescriptor(
            "DD0003", Error, "Missing required key", "{0} is missing the required key '{1}' ({2})");

        public static DiagnosticDescriptor WrongValueType { get; } = new DiagnosticDescriptor(
            "DD0004", Error, "Wrong value type", "'{0}' must be {1}, but is {2}");

        public static DiagnosticDescriptor UnknownValue { get; } = new DiagnosticDescriptor(
            "DD0005", Error, "Unknown value", "'{0}' has the unknown value '{1}'; expected one of: {2}");

        public static DiagnosticDescriptor DuplicateKey { get; } = new DiagnosticDescriptor(
            "DD0006", Error, "Duplicate key", "The key '{0}' appears twice in the same mapping (first at line {1})");

        public static DiagnosticDescriptor ValueNotPositive { get; } = new DiagnosticDescriptor(
            "DD0007", Error, "Value must be positive", "'{0}' must be greater than 0, but is {1}");

        public static DiagnosticDescriptor ValueOutOfRange { get; } = new DiagnosticDescriptor(
            "DD0008", Error, "Value out of range", "'{0}' must be {1}, but is {2}");

        public static DiagnosticDescriptor EmptyList { get; } = new DiagnosticDescriptor(
            "DD0009", Error, "Empty list", "'{0}' must list at least one {1}");

        public static DiagnosticDescriptor InvalidName { get; } = new DiagnosticDescriptor(
            "DD0010", Error, "Invalid name", "'{0}' must be a snake_case identifier (a lowercase letter, then lowercase letters, digits or '_'), but is '{1}'");

        public static DiagnosticDescriptor KeyNotApplicable { get; } = new DiagnosticDescriptor(
            "DD0011", Error, "Key does not apply", "The key '{0}' does not apply to {1}; remove it");

        public static DiagnosticDescriptor UnknownScoreKind { get; } = new DiagnosticDescriptor(
            "DD0012", Error, "Unknown score kind", "'{0}' has the unknown score kind '{1}'; expected one of: {2}");

        public static DiagnosticDescriptor UnknownCombinationKind { get; } = new DiagnosticDescriptor(
            "DD0013", Error, "Unknown combination kind", "'{0}' has the unknown combination kind '{1}'; expected one of: {2}");

        // ── Meaning, checked against the backbone catalog (validator) ────────────────────────────

        public static DiagnosticDescriptor UnknownBackbone { get; } = new DiagnosticDescriptor(
            "DD0014", Error, "Unknown backbone", "'{0}': unknown backbone '{1}'; known backbones: {2}");

        public static DiagnosticDescriptor UnknownTap { get; } = new DiagnosticDescriptor(
            "DD0015", Error, "Unknown tap", "'{0}': backbone '{1}' has no tap '{2}'; valid taps: {3}");

        public static DiagnosticDescriptor DuplicateName { get; } = new DiagnosticDescriptor(
            "DD0016", Error, "Duplicate name", "'{0}': the {1} '{2}' is already defined (line {3})");

        public static DiagnosticDescriptor TapsOutOfOrder { get; } = new DiagnosticDescriptor(
            "DD0017", Error, "Taps out of forward order", "'{0}': tap '{1}' must come before tap '{2}' (list taps in the backbone's forward order: {3})");

        public static DiagnosticDescriptor PoolingTooSmall { get; } = new DiagnosticDescriptor(
            "DD0018", Error, "Pooling leaves less than 1×1", "'{0}': {1} on tap '{2}' ({3} at input {4}) leaves {5}; the pooled tap must be at least 1×1");

        public static DiagnosticDescriptor PoolingEnlarges { get; } = new DiagnosticDescriptor(
            "DD0019", Error, "Pooling enlarges the tap", "'{0}': adaptive_avg to {1} on tap '{2}' ({3} at input {4}) would enlarge it; the size must not exceed the tap's");

        public static DiagnosticDescriptor ChannelPoolNotDivisor { get; } = new DiagnosticDescriptor(
            "DD0020", Error, "Channel pooling does not divide the channels", "'{0}': tap '{1}' has {2} channels, which {3} does not divide; expected a divisor of {2}");

        public static DiagnosticDescriptor StudentNotSupported { get; } = new DiagnosticDescriptor(
            "DD0021", Error, "Student does not fit the teacher", "'{0}': {1}");

        public static DiagnosticDescriptor StudentTapsDiffer { get; } = new DiagnosticDescriptor(
            "DD0022", Error, "Student and teacher taps differ", "'{0}': {1}");

        public static DiagnosticDescriptor ShapeMismatch { get; } = new DiagnosticDescriptor(
            "DD0023", Error, "Student/teacher shape mismatch", "'{0}': at input {1}, tap '{2}' of the teacher is {3} after pooling, but the student outputs {4}");

        public static DiagnosticDescriptor WidthNotWhole { get; } = new DiagnosticDescriptor(
            "DD0024", Error, "Width ratio gives a fractional channel count", "'{0}': width_ratio {1} × {2} channels of '{3}' = {4}, which is not a whole number of channels");

        public static DiagnosticDescriptor ModulateTeachers { get; } = new DiagnosticDescriptor(
            "DD0025", Error, "Modulate needs exactly its two teachers", "'{0}': the modulate combination needs exactly two different teachers, the modulated and the modulating one; {1}");

        public static DiagnosticDescriptor UnknownTeacher { get; } = new DiagnosticDescriptor(
            "DD0026", Error, "Unknown teacher", "'{0}' names the teacher '{1}', which is not defined; teachers: {2}");

        public static DiagnosticDescriptor ValidationSplitRequired { get; } = new DiagnosticDescriptor(
            "DD0027", Error, "Validation split required", "'{0}' needs validation images, but 'training.validation_split' is 0");

        /// <summary>All descriptors, in ID order.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
        {
            MalformedYaml, UnknownKey, MissingRequiredKey, WrongValueType, UnknownValue, DuplicateKey, ValueNotPositive,
            ValueOutOfRange, EmptyList, InvalidName, KeyNotApplicable, UnknownScoreKind, UnknownCombinationKind,
            UnknownBackbone, UnknownTap, DuplicateName, TapsOutOfOrder, PoolingTooSmall, PoolingEnlarges,
            ChannelPoolNotDivisor, StudentNotSupported, StudentTapsDiffer, ShapeMismatch, WidthNotWhole,
            ModulateTeachers, UnknownTeacher, ValidationSplitRequired,
        };
    }
}
