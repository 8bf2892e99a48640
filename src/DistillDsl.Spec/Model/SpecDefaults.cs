namespace DistillDsl.Spec.Model
{
    /// <summary>Values of optional keys a config leaves out (docs/config-reference.md lists the same).</summary>
    public static class SpecDefaults
    {
        public const double Alpha = 1.0;
        public const int ReflectBorder = 0;
        public const int Downsample = 1;
        public const double TapWeight = 1.0;
        public const WeightsSource Weights = WeightsSource.ImageNet;
        public const StudentInit MirrorInit = StudentInit.Random;
        public const ResidualBlockKind Block = ResidualBlockKind.Conv;
        public const int StageBlocks = 1;
        public const double WidthRatio = 1.0;
        public const int LightKernel = 3;
        /// <summary>Like ResNet-18's stages, two BasicBlocks each.</summary>
        public const int ReverseDistillationBottleneckBlocks = 2;
        public const int ReverseDistillationDecoderBlocks = 2;
        /// <summary>Rows per tap of a memory bank: about 1–2 % of the patches of a few hundred 256² images at stride 8, as
        /// PatchCore's coresets, and small enough for a nearest-row search of about 10 ms per image on two CPU cores.</summary>
        public const int MemoryBankSize = 8192;
        /// <summary>The largest bank: its coreset is chosen among up to 16 × as many features held in one array.</summary>
        public const int MaxMemoryBankSize = 1 << 16;
        public const CoresetKind Coreset = CoresetKind.Greedy;
        public const FeatureDistanceKind Distance = FeatureDistanceKind.L2;
        public const TapReduction LossOverTaps = TapReduction.Sum;
        public const TapScale MapTapScale = TapScale.None;
        public const UpsampleMode Upsample = UpsampleMode.Bilinear;
        public const TapCombination MapOverTaps = TapCombination.Sum;
        public const FeatureNormalization FeatureNorm = FeatureNormalization.ChannelL2;
        public const MapNormalizationLevel MapNormalizationLevel = Model.MapNormalizationLevel.Tap;
        public const double MapQuantileA = 0.9;
        public const double MapQuantileB = 0.995;
        public const ScoreNormalization ScoreNormalization = Model.ScoreNormalization.None;
        public const double Momentum = 0.0;
        public const double Beta1 = 0.9;
        public const double Beta2 = 0.999;
        public const double WeightDecay = 0.0;
        public const double OneCycleWarmupFraction = 0.3;
        public const double ValidationSplit = 0.2;
        public const CheckpointRule Checkpoint = CheckpointRule.LowestValidationLoss;
        public const double EarlyStopMinDelta = 0.0;
        public const StudentTraining Students = StudentTraining.Joint;

        /// <summary>Largest input side accepted, which keeps every derived size far from integer overflow.</summary>
        public const int MaxInputSide = 16384;
    }
}
