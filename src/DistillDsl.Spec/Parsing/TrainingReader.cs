using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Parsing.Yaml;

namespace DistillDsl.Spec.Parsing
{
    /// <summary>Reads the <c>training</c> preset: optimiser, schedule, epochs, batch size, validation split,
    /// checkpoint rule, early stop and whether students train jointly.</summary>
    internal static class TrainingReader
    {
        /// <param name="optimizerRequired">False when no student trains by gradient steps (memory banks only): then a missing
        /// optimizer is SGD with lr 1, which nothing uses.</param>
        public static TrainingSpec Read(MappingReader config, bool optimizerRequired = true)
        {
            var training = config.Mapping("training", required: true, expected: "the training preset (optimizer, epochs, batch_size, ...)", ConfigKeys.Training);
            if (training is null)
            {
                return new TrainingSpec(DefaultOptimizer(config.Span), NoSchedule(config.Span), 1, 1, SpecDefaults.ValidationSplit,
                    SpecDefaults.Checkpoint, null, SpecDefaults.Students, NoAugmentation(config.Span), config.Span);
            }
            return new TrainingSpec(
                ReadOptimizer(training, optimizerRequired),
                ReadSchedule(training),
                training.Int("epochs", 1, NumberRange.Between(1, 1_000_000), required: true),
                training.Int("batch_size", 1, NumberRange.Between(1, 1_000_000), required: true),
                training.Double("validation_split", SpecDefaults.ValidationSplit, NumberRange.Fraction),
                training.Enum("checkpoint", YamlSpellings.Checkpoint, SpecDefaults.Checkpoint),
                ReadEarlyStop(training),
                training.Enum("students", YamlSpellings.StudentTraining, SpecDefaults.Students),
                ReadAugmentation(training),
                training.Span);
        }

        private static OptimizerSpec ReadOptimizer(MappingReader training, bool required)
        {
            var optimizer = training.Mapping("optimizer", required: required, expected: "an optimizer such as { kind: sgd, lr: 0.4 }", ConfigKeys.Optimizer);
            if (optimizer is null) return DefaultOptimizer(training.Span);
            OptimizerKind? kind = optimizer.EnumOrNull("kind", YamlSpellings.Optimizer, required: true);
            double lr = optimizer.Double("lr", 1, NumberRange.Positive, required: true);
            double weightDecay = optimizer.Double("weight_decay", SpecDefaults.WeightDecay, NumberRange.NonNegative);
            double momentum = SpecDefaults.Momentum, beta1 = SpecDefaults.Beta1, beta2 = SpecDefaults.Beta2;
            if (kind == OptimizerKind.Sgd)
            {
                optimizer.RejectIfPresent("betas", "optimizer kind 'sgd' (it takes momentum)");
                momentum = optimizer.Double("momentum", SpecDefaults.Momentum, NumberRange.Fraction);
            }
            else if (kind == OptimizerKind.Adam)
            {
                optimizer.RejectIfPresent("momentum", "optimizer kind 'adam' (it takes betas)");
                ReadBetas(optimizer, ref beta1, ref beta2);
            }
            return new OptimizerSpec(kind ?? OptimizerKind.Sgd, lr, momentum, beta1, beta2, weightDecay, optimizer.Span);
        }

        private static void ReadBetas(MappingReader optimizer, ref double beta1, ref double beta2)
        {
            YamlNode? node = optimizer.Node("betas");
            if (node is null) return;
            string path = optimizer.KeyPath("betas");
            if (!(node is YamlSequence sequence) || sequence.Items.Count != 2)
            {
                optimizer.Diagnostics.Add(DiagnosticCatalog.WrongValueType.Create(node.Span, path, "a list [beta1, beta2]", Describe.Node(node)));
                return;
            }
            if (ScalarReader.TryDouble(sequence.Items[0], path + "[0]", optimizer.Diagnostics, NumberRange.Fraction, out double first)) beta1 = first;
            if (ScalarReader.TryDouble(sequence.Items[1], path + "[1]", optimizer.Diagnostics, NumberRange.Fraction, out double second)) beta2 = second;
        }

        private static ScheduleSpec ReadSchedule(MappingReader training)
        {
            var schedule = training.KindMapping("schedule", required: false,
                expected: "none or a mapping { kind: onecycle, max_lr_factor: f }", ConfigKeys.Schedule);
            if (schedule is null) return NoSchedule(training.Span);
            ScheduleKind? kind = schedule.EnumOrNull("kind", YamlSpellings.Schedule, required: true);
            if (kind != ScheduleKind.OneCycle)
            {
                if (kind != null)
                {
                    schedule.RejectIfPresent("max_lr_factor", "schedule kind 'none'");
                    schedule.RejectIfPresent("warmup_fraction", "schedule kind 'none'");
                }
                return NoSchedule(schedule.Span);
            }
            return new ScheduleSpec(
                ScheduleKind.OneCycle,
                schedule.Double("max_lr_factor", 1, NumberRange.AtLeast(1), required: true),
                schedule.Double("warmup_fraction", SpecDefaults.OneCycleWarmupFraction, NumberRange.Fraction),
                schedule.Span);
        }

        private static EarlyStopSpec? ReadEarlyStop(MappingReader training)
        {
            var earlyStop = training.Mapping("early_stop", required: false, expected: "an early stop such as { patience: 10 }", ConfigKeys.EarlyStop);
            if (earlyStop is null) return null;
            return new EarlyStopSpec(
                earlyStop.Int("patience", 1, NumberRange.AtLeast(1), required: true),
                earlyStop.Double("min_delta", SpecDefaults.EarlyStopMinDelta, NumberRange.NonNegative),
                earlyStop.Span);
        }

        private static AugmentationSpec ReadAugmentation(MappingReader training)
        {
            var augment = training.Mapping("augment", required: false, expected: "the augmentations, e.g. { hflip: true, rot90: true, color_jitter: 0.05 }", ConfigKeys.Augment);
            if (augment is null) return NoAugmentation(training.Span);
            return new AugmentationSpec(
                augment.Bool("hflip", false),
                augment.Bool("vflip", false),
                augment.Bool("rot90", false),
                augment.Double("color_jitter", 0, NumberRange.Between(0, 0.5)),
                augment.Span);
        }

        private static AugmentationSpec NoAugmentation(Model.SourceSpan span) => new AugmentationSpec(false, false, false, 0, span);

        private static OptimizerSpec DefaultOptimizer(Model.SourceSpan span) =>
            new OptimizerSpec(OptimizerKind.Sgd, 1, SpecDefaults.Momentum, SpecDefaults.Beta1, SpecDefaults.Beta2, SpecDefaults.WeightDecay, span);

        private static ScheduleSpec NoSchedule(Model.SourceSpan span) => new ScheduleSpec(ScheduleKind.None, 1, 0, span);
    }
}
