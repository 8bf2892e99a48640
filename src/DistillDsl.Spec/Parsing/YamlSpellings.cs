using System.Collections.Generic;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Model;
using static DistillDsl.Spec.Parsing.ValueTable;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>How each enum value is written in YAML (snake_case). docs/config-reference.md lists the same words.</summary>
    internal static class YamlSpellings
    {
        public static ValueTable<WeightsSource> WeightsSource { get; } = new ValueTable<WeightsSource>(
            Entry("imagenet", Model.WeightsSource.ImageNet), Entry("random", Model.WeightsSource.Random));

        public static ValueTable<InputNormalization> Normalization { get; } = new ValueTable<InputNormalization>(
            Entry("imagenet", InputNormalization.ImageNet), Entry("bgr_mean", InputNormalization.BgrMean));

        public static ValueTable<PoolKind> PoolKind { get; } = new ValueTable<PoolKind>(
            Entry("none", Parsing.PoolKind.None), Entry("avg", Parsing.PoolKind.Avg), Entry("adaptive_avg", Parsing.PoolKind.AdaptiveAvg));

        public static ValueTable<StudentKind> StudentKind { get; } = new ValueTable<StudentKind>(
            Entry("mirror", Parsing.StudentKind.Mirror), Entry("reduced_resnet", Parsing.StudentKind.ReducedResNet), Entry("light", Parsing.StudentKind.Light),
            Entry("reverse_distillation", Parsing.StudentKind.ReverseDistillation), Entry("memory_bank", Parsing.StudentKind.MemoryBank));

        public static ValueTable<CoresetKind> Coreset { get; } = new ValueTable<CoresetKind>(
            Entry("greedy", CoresetKind.Greedy), Entry("random", CoresetKind.Random));

        public static ValueTable<StudentInit> StudentInit { get; } = new ValueTable<StudentInit>(
            Entry("random", Model.StudentInit.Random), Entry("pretrained", Model.StudentInit.Pretrained));

        public static ValueTable<ResidualBlockKind> Block { get; } = new ValueTable<ResidualBlockKind>(
            Entry("conv", ResidualBlockKind.Conv), Entry("basic", ResidualBlockKind.Basic));

        public static ValueTable<FeatureDistanceKind> Distance { get; } = new ValueTable<FeatureDistanceKind>(
            Entry("l2", FeatureDistanceKind.L2), Entry("squared_l2", FeatureDistanceKind.SquaredL2), Entry("cosine", FeatureDistanceKind.Cosine));

        public static ValueTable<TapReduction> LossOverTaps { get; } = new ValueTable<TapReduction>(
            Entry("sum", TapReduction.Sum), Entry("mean", TapReduction.Mean));

        public static ValueTable<FeatureNormalization> FeatureNorm { get; } = new ValueTable<FeatureNormalization>(
            Entry("channel_l2", FeatureNormalization.ChannelL2), Entry("none", FeatureNormalization.None));

        public static ValueTable<TapCentering> Center { get; } = new ValueTable<TapCentering>(
            Entry("none", TapCentering.None), Entry("image_mean", TapCentering.ImageMean));

        public static ValueTable<MapNormalizationKind> MapNormalization { get; } = new ValueTable<MapNormalizationKind>(
            Entry("none", MapNormalizationKind.None), Entry("validation_quantiles", MapNormalizationKind.ValidationQuantiles));

        public static ValueTable<MapNormalizationLevel> MapNormalizationLevel { get; } = new ValueTable<MapNormalizationLevel>(
            Entry("tap", Model.MapNormalizationLevel.Tap), Entry("teacher", Model.MapNormalizationLevel.Teacher));

        public static ValueTable<TapScale> TapScale { get; } = new ValueTable<TapScale>(
            Entry("none", Model.TapScale.None), Entry("inverse_area", Model.TapScale.InverseArea));

        public static ValueTable<UpsampleMode> Upsample { get; } = new ValueTable<UpsampleMode>(
            Entry("bilinear", UpsampleMode.Bilinear), Entry("nearest", UpsampleMode.Nearest));

        public static ValueTable<TapCombination> MapOverTaps { get; } = new ValueTable<TapCombination>(
            Entry("sum", TapCombination.Sum), Entry("product", TapCombination.Product));

        public static ValueTable<CombinationKind> Combination { get; } = new ValueTable<CombinationKind>(
            Entry("sum", CombinationKind.Sum), Entry("product", CombinationKind.Product), Entry("modulate", CombinationKind.Modulate));

        public static ValueTable<ModulationNormalization> ModulationNormalization { get; } = new ValueTable<ModulationNormalization>(
            Entry("minmax", Model.ModulationNormalization.MinMax), Entry("l2_height", Model.ModulationNormalization.L2Height));

        public static ValueTable<ScoreKind> Score { get; } = new ValueTable<ScoreKind>(
            Entry("sum", ScoreKind.Sum), Entry("max", ScoreKind.Max), Entry("topk_mean", ScoreKind.TopKMean));

        public static ValueTable<ScoreNormalization> ScoreNormalization { get; } = new ValueTable<ScoreNormalization>(
            Entry("none", Model.ScoreNormalization.None), Entry("test_set_minmax", Model.ScoreNormalization.TestSetMinMax));

        public static ValueTable<OptimizerKind> Optimizer { get; } = new ValueTable<OptimizerKind>(
            Entry("sgd", OptimizerKind.Sgd), Entry("adam", OptimizerKind.Adam));

        public static ValueTable<ScheduleKind> Schedule { get; } = new ValueTable<ScheduleKind>(
            Entry("none", ScheduleKind.None), Entry("onecycle", ScheduleKind.OneCycle));

        public static ValueTable<CheckpointRule> Checkpoint { get; } = new ValueTable<CheckpointRule>(
            Entry("lowest_validation_loss", CheckpointRule.LowestValidationLoss), Entry("last", CheckpointRule.Last));

        public static ValueTable<StudentTraining> StudentTraining { get; } = new ValueTable<StudentTraining>(
            Entry("joint", Model.StudentTraining.Joint), Entry("separate", Model.StudentTraining.Separate));

        /// <summary>Every table's spellings, for the documentation test.</summary>
        public static IEnumerable<IEnumerable<string>> AllNames => new[]
        {
            WeightsSource.Names, Normalization.Names, PoolKind.Names, StudentKind.Names, Coreset.Names, StudentInit.Names, Block.Names, Distance.Names,
            LossOverTaps.Names, TapScale.Names, Upsample.Names, MapOverTaps.Names, Combination.Names, ModulationNormalization.Names,
            Score.Names, ScoreNormalization.Names, Optimizer.Names, Schedule.Names, Checkpoint.Names, StudentTraining.Names,
            FeatureNorm.Names, MapNormalization.Names, MapNormalizationLevel.Names, Center.Names,
        };
    }

    /// <summary>The <c>kind</c> of a pool entry while reading (the spec keeps only the pool record, null for none).</summary>
    internal enum PoolKind
    {
        None,
        Avg,
        AdaptiveAvg,
    }

    /// <summary>The <c>kind</c> of a student while reading (the spec keeps the matching record type).</summary>
    internal enum StudentKind
    {
        Mirror,
        ReducedResNet,
        Light,
        ReverseDistillation,
        MemoryBank,
    }
}
