using System.Collections.Generic;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>The keys each mapping of a config may hold: what the readers accept and unknown-key messages list.
    /// docs/config-reference.md documents every one (a test checks).</summary>
    internal static class ConfigKeys
    {
        public static readonly string[] Root = { "name", "description", "input", "teachers", "loss", "anomaly_map", "score", "training" };
        public static readonly string[] Input = { "size" };
        public static readonly string[] Teacher = { "name", "backbone", "weights", "normalization", "alpha", "reflect_border", "downsample", "taps", "student" };
        public static readonly string[] WeightsFile = { "file" };
        public static readonly string[] Tap = { "name", "pool", "channel_pool", "weight", "center", "feature_norm" };
        public static readonly string[] Pool = { "kind", "kernel", "stride", "padding", "size" };
        public static readonly string[] Student = { "kind", "init", "block", "stem_tap", "stages", "kernel", "width_ratio", "bottleneck_blocks", "decoder_blocks", "bank_size", "coreset" };
        public static readonly string[] MirrorStudent = { "kind", "init" };
        public static readonly string[] ReducedResNetStudent = { "kind", "block", "stem_tap", "stages" };
        public static readonly string[] LightStudent = { "kind", "kernel", "width_ratio" };
        public static readonly string[] ReverseDistillationStudent = { "kind", "bottleneck_blocks", "decoder_blocks" };
        public static readonly string[] MemoryBankStudent = { "kind", "bank_size", "coreset" };
        public static readonly string[] Stage = { "name", "blocks", "width_ratio", "stride" };
        public static readonly string[] Loss = { "distance", "over_taps", "feature_norm", "hard_quantile" };
        public static readonly string[] AnomalyMap = { "distance", "tap_scale", "upsample", "over_taps", "combine", "gaussian_sigma", "feature_norm", "normalize" };
        public static readonly string[] MapNormalize = { "kind", "q_a", "q_b", "per" };
        public static readonly string[] Combine = { "kind", "modulated", "modulating", "normalize" };
        public static readonly string[] Score = { "kind", "k", "normalize" };
        public static readonly string[] Training = { "optimizer", "schedule", "epochs", "batch_size", "validation_split", "checkpoint", "early_stop", "students", "augment" };
        public static readonly string[] Augment = { "hflip", "vflip", "rot90", "color_jitter" };
        public static readonly string[] Optimizer = { "kind", "lr", "momentum", "betas", "weight_decay" };
        public static readonly string[] Schedule = { "kind", "max_lr_factor", "warmup_fraction" };
        public static readonly string[] EarlyStop = { "patience", "min_delta" };

        /// <summary>Every key list above, for the documentation test.</summary>
        public static IEnumerable<string[]> All => new[]
        {
            Root, Input, Teacher, WeightsFile, Tap, Pool, Student, Stage, Loss, AnomalyMap, MapNormalize, Combine, Score, Training, Optimizer, Schedule, EarlyStop,
            Augment,
        };
    }
}
