using System;
using System.Collections.Generic;
using System.Linq;
using DistillDsl.Spec.Backbones;
using DistillDsl.Spec.Collections;
using DistillDsl.Spec.Diagnostics;
using DistillDsl.Spec.Model;
using DistillDsl.Spec.Shapes;

namespace DistillDsl.Spec.Validation
{
    /// <summary>Checks a well-formed spec against the backbone catalog and itself: backbone and tap names, duplicate
    /// names, tap order, pooling at the configured input size, each student against its teacher (kind, stages,
    /// widths, produced taps, shapes), the cross-teacher combination, the score and the training preset.
    /// A pure function; it reports everything it finds.</summary>
    public static class DistillSpecValidator
    {
        public static EquatableArray<DistillDiagnostic> Validate(DistillSpec spec)
        {
            var diagnostics = new DiagnosticBag();
            Validate(spec, diagnostics);
            return diagnostics.ToSortedArray();
        }

        /// <summary>Adds to the parser's bag, so that one config's diagnostics are capped once, all together.</summary>
        internal static void Validate(DistillSpec spec, DiagnosticBag diagnostics)
        {
            CheckTeacherNames(spec, diagnostics);
            for (int i = 0; i < spec.Teachers.Count; i++)
            {
                CheckTeacher(spec.Teachers[i], $"teachers[{i}]", spec.Input, diagnostics);
            }
            CheckCombination(spec, diagnostics);
            CheckScore(spec, diagnostics);
            CheckMapNormalization(spec, diagnostics);
            CheckTraining(spec.Training, diagnostics);
            CheckAugmentation(spec, diagnostics);
            CheckMemoryBanks(spec, diagnostics);
        }

        private static void CheckTeacherNames(DistillSpec spec, DiagnosticBag diagnostics)
        {
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < spec.Teachers.Count; i++)
            {
                TeacherSpec teacher = spec.Teachers[i];
                if (firstLine.TryGetValue(teacher.Name, out int line))
                {
                    diagnostics.Add(DiagnosticCatalog.DuplicateName.Create(teacher.NameSpan, $"teachers[{i}].name", "teacher", teacher.Name, line));
                }
                else
                {
                    firstLine.Add(teacher.Name, teacher.NameSpan.StartLine);
                }
            }
        }

        private static void CheckTeacher(TeacherSpec teacher, string path, InputSpec imageInput, DiagnosticBag diagnostics)
        {
            if (imageInput.Height % teacher.Downsample != 0 || imageInput.Width % teacher.Downsample != 0)
            {
                diagnostics.Add(DiagnosticCatalog.DownsampleNotDivisor.Create(teacher.DownsampleSpan, path + ".downsample", teacher.Downsample, Size(imageInput)));
                return;   // the teacher's shapes follow from a size it does not have
            }
            // Every shape below is the teacher's, at the size of the image it reads.
            InputSpec input = TeacherInput.Of(teacher, imageInput);
            BackboneInfo? backbone = BackboneCatalog.Find(teacher.Backbone);
            if (backbone is null)
            {
                diagnostics.Add(DiagnosticCatalog.UnknownBackbone.Create(teacher.BackboneSpan, path + ".backbone", teacher.Backbone,
                    string.Join(", ", BackboneCatalog.Names)));
                return;
            }
            // Taps whose name, position and pooling are all fine; only these are compared with the student.
            var goodTaps = CheckTaps(teacher, backbone, path, input, diagnostics);
            CheckReflectBorder(teacher, backbone, goodTaps, path, input, diagnostics);
            bool tapsAllGood = goodTaps.Count == teacher.Taps.Count;
            bool studentGood = StudentChecks.CheckStructure(teacher, backbone, path, diagnostics);
            if (!studentGood || !tapsAllGood) return;

            var studentOutputs = ShapeInference.StudentOutputs(teacher, backbone, input).ToDictionary(o => o.Tap, o => o.Shape);
            foreach (TapSpec tap in goodTaps)
            {
                SourceSpan where = StudentChecks.SpanFor(teacher.Student, tap.Name);
                if (!studentOutputs.TryGetValue(tap.Name, out FeatureShape? studentShape))
                {
                    diagnostics.Add(DiagnosticCatalog.StudentTapsDiffer.Create(where, path + ".student",
                        $"the teacher taps '{tap.Name}', but the student produces no output for it{StudentChecks.HowToProduce(teacher.Student, tap.Name)}"));
                    continue;
                }
                FeatureShape teacherShape = ShapeInference.PooledTeacherTap(backbone.FindTap(tap.Name)!, tap, input);
                if (teacherShape != studentShape)
                {
                    diagnostics.Add(DiagnosticCatalog.ShapeMismatch.Create(where, path + ".student", Size(input), tap.Name,
                        Shape(teacherShape), Shape(studentShape)));
                }
            }
        }

        private static void CheckReflectBorder(TeacherSpec teacher, BackboneInfo backbone, List<TapSpec> taps, string path, InputSpec input,
                                               DiagnosticBag diagnostics)
        {
            int border = teacher.ReflectBorder;
            if (border == 0) return;
            string where = path + ".reflect_border";
            int side = Math.Min(input.Height, input.Width);
            if (border >= side)
            {
                diagnostics.Add(DiagnosticCatalog.ReflectBorderTooWide.Create(teacher.ReflectBorderSpan, where, border, side));
            }
            foreach (TapSpec tap in taps)
            {
                int stride = backbone.FindTap(tap.Name)!.Stride;
                if (border % stride == 0) continue;
                int nearest = Math.Max(stride, (int)Math.Round(border / (double)stride) * stride);
                diagnostics.Add(DiagnosticCatalog.ReflectBorderStride.Create(teacher.ReflectBorderSpan, where, border, tap.Name, stride, nearest));
                return;
            }
        }

        private static List<TapSpec> CheckTaps(TeacherSpec teacher, BackboneInfo backbone, string path, InputSpec input, DiagnosticBag diagnostics)
        {
            var good = new List<TapSpec>();
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            TapSpec? previous = null;
            for (int j = 0; j < teacher.Taps.Count; j++)
            {
                TapSpec tap = teacher.Taps[j];
                string tapPath = $"{path}.taps[{j}]";
                TapInfo? info = backbone.FindTap(tap.Name);
                if (info is null)
                {
                    diagnostics.Add(DiagnosticCatalog.UnknownTap.Create(tap.NameSpan, tapPath, backbone.Name, tap.Name, TapList(backbone)));
                    continue;
                }
                if (tap.Name == BackboneCatalog.ImageTapName && !(teacher.Student is MemoryBankStudentSpec))
                {
                    diagnostics.Add(DiagnosticCatalog.ImageTapNeedsMemoryBank.Create(tap.NameSpan, tapPath));
                    continue;
                }
                if (firstLine.TryGetValue(tap.Name, out int line))
                {
                    diagnostics.Add(DiagnosticCatalog.DuplicateName.Create(tap.NameSpan, tapPath, "tap", tap.Name, line));
                    continue;
                }
                firstLine.Add(tap.Name, tap.NameSpan.StartLine);
                bool ordered = true;
                if (previous != null && backbone.IndexOfTap(tap.Name) < backbone.IndexOfTap(previous.Name))
                {
                    diagnostics.Add(DiagnosticCatalog.TapsOutOfOrder.Create(tap.NameSpan, tapPath, tap.Name, previous.Name, TapList(backbone)));
                    ordered = false;
                }
                previous = tap;
                if (CheckPooling(tap, info, tapPath, input, diagnostics) && ordered) good.Add(tap);
            }
            return good;
        }

        /// <summary>Every tap name a teacher of this backbone may use, in forward order (the image first).</summary>
        private static string TapList(BackboneInfo backbone) => string.Join(", ", new[] { BackboneCatalog.ImageTapName }.Concat(backbone.TapNames));

        private static bool CheckPooling(TapSpec tap, TapInfo info, string tapPath, InputSpec input, DiagnosticBag diagnostics)
        {
            bool ok = true;
            FeatureShape shape = ShapeInference.TeacherTap(info, input);
            FeatureShape pooled = ShapeInference.Pool(shape, tap.Pool);
            switch (tap.Pool)
            {
                case AvgPoolSpec avg when avg.Padding * 2 > avg.Kernel:
                    // PyTorch's rule: a window must hold at least one feature.
                    diagnostics.Add(DiagnosticCatalog.ValueOutOfRange.Create(avg.Span, tapPath + ".pool.padding",
                        $"at most half the kernel ({avg.Kernel / 2})", avg.Padding.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    ok = false;
                    break;
                case AvgPoolSpec avg when pooled.Height < 1 || pooled.Width < 1:
                    diagnostics.Add(DiagnosticCatalog.PoolingTooSmall.Create(avg.Span, tapPath + ".pool", $"avg pooling (kernel {avg.Kernel}, stride {avg.Stride})",
                        tap.Name, Shape(shape), Size(input), $"{Math.Max(0, pooled.Height)}×{Math.Max(0, pooled.Width)}"));
                    ok = false;
                    break;
                case AdaptiveAvgPoolSpec adaptive when adaptive.Height > shape.Height || adaptive.Width > shape.Width:
                    diagnostics.Add(DiagnosticCatalog.PoolingEnlarges.Create(adaptive.Span, tapPath + ".pool", $"{adaptive.Height}×{adaptive.Width}",
                        tap.Name, Shape(shape), Size(input)));
                    ok = false;
                    break;
            }
            if (tap.ChannelPool is ChannelPoolSpec channelPool && (channelPool.Channels > info.Channels || info.Channels % channelPool.Channels != 0))
            {
                diagnostics.Add(DiagnosticCatalog.ChannelPoolNotDivisor.Create(channelPool.Span, tapPath + ".channel_pool", tap.Name, info.Channels, channelPool.Channels));
                ok = false;
            }
            return ok;
        }

        private static void CheckCombination(DistillSpec spec, DiagnosticBag diagnostics)
        {
            CombinationSpec combination = spec.AnomalyMap.Combination;
            if (combination.Kind != CombinationKind.Modulate || combination.Modulation is null) return;
            ModulationSpec modulation = combination.Modulation;
            const string path = "anomaly_map.combine";
            if (spec.Teachers.Count != 2)
            {
                diagnostics.Add(DiagnosticCatalog.ModulateTeachers.Create(combination.Span, path, $"the config has {spec.Teachers.Count} teacher(s)"));
            }
            var names = spec.Teachers.Select(t => t.Name).ToList();
            bool modulatedKnown = CheckTeacherReference(modulation.Modulated, modulation.ModulatedSpan, path + ".modulated", names, diagnostics);
            bool modulatingKnown = CheckTeacherReference(modulation.Modulating, modulation.ModulatingSpan, path + ".modulating", names, diagnostics);
            if (modulatedKnown && modulatingKnown && modulation.Modulated == modulation.Modulating)
            {
                diagnostics.Add(DiagnosticCatalog.ModulateTeachers.Create(modulation.ModulatingSpan, path,
                    $"'modulated' and 'modulating' both name '{modulation.Modulated}'"));
            }
        }

        private static bool CheckTeacherReference(string name, SourceSpan span, string keyPath, List<string> names, DiagnosticBag diagnostics)
        {
            if (names.Contains(name)) return true;
            diagnostics.Add(DiagnosticCatalog.UnknownTeacher.Create(span, keyPath, name, string.Join(", ", names)));
            return false;
        }

        private static void CheckScore(DistillSpec spec, DiagnosticBag diagnostics)
        {
            long pixels = (long)spec.Input.Height * spec.Input.Width;
            if (spec.Score.TopK is int k && k > pixels)
            {
                diagnostics.Add(DiagnosticCatalog.ValueOutOfRange.Create(spec.Score.TopKSpan, "score.k",
                    $"at most the map's {pixels} pixels ({Size(spec.Input)})", k));
            }
        }

        /// <summary>Quantile normalisation needs q_a below q_b and normal validation images to measure them on.</summary>
        private static void CheckMapNormalization(DistillSpec spec, DiagnosticBag diagnostics)
        {
            MapNormalizationSpec normalization = spec.AnomalyMap.Normalization;
            if (!normalization.IsEnabled) return;
            if (!(normalization.QuantileA < normalization.QuantileB))
            {
                diagnostics.Add(DiagnosticCatalog.QuantilesOutOfOrder.Create(normalization.Span, "anomaly_map.normalize",
                    normalization.QuantileA, normalization.QuantileB));
            }
            if (spec.Training.ValidationSplit <= 0)
            {
                diagnostics.Add(DiagnosticCatalog.ValidationSplitRequired.Create(normalization.Span, "anomaly_map.normalize: validation_quantiles"));
            }
        }

        private static void CheckAugmentation(DistillSpec spec, DiagnosticBag diagnostics)
        {
            AugmentationSpec augment = spec.Training.Augmentation;
            if (augment.Rotate90 && spec.Input.Height != spec.Input.Width)
            {
                diagnostics.Add(DiagnosticCatalog.RotationNeedsSquareInput.Create(augment.Span, "training.augment.rot90", Size(spec.Input)));
            }
        }

        /// <summary>A memory bank is filled in one pass over the training images and has nothing to optimise, so its config
        /// trains one epoch, and it cannot share a run with students that train by gradient steps.</summary>
        private static void CheckMemoryBanks(DistillSpec spec, DiagnosticBag diagnostics)
        {
            var banks = spec.Teachers.Where(t => t.Student is MemoryBankStudentSpec).ToList();
            if (banks.Count == 0) return;
            if (spec.Training.Epochs != 1)
            {
                diagnostics.Add(DiagnosticCatalog.MemoryBankEpochs.Create(spec.Training.Span, "training.epochs", spec.Training.Epochs));
            }
            for (int i = 0; i < spec.Teachers.Count; i++)
            {
                if (spec.Teachers[i].Student is MemoryBankStudentSpec) continue;
                diagnostics.Add(DiagnosticCatalog.MemoryBankMixed.Create(spec.Teachers[i].Student.Span, $"teachers[{i}].student", banks[0].Name));
            }
        }

        private static void CheckTraining(TrainingSpec training, DiagnosticBag diagnostics)
        {
            if (training.ValidationSplit > 0) return;
            if (training.Checkpoint == CheckpointRule.LowestValidationLoss)
            {
                diagnostics.Add(DiagnosticCatalog.ValidationSplitRequired.Create(training.Span, "training.checkpoint: lowest_validation_loss"));
            }
            if (training.EarlyStop != null)
            {
                diagnostics.Add(DiagnosticCatalog.ValidationSplitRequired.Create(training.EarlyStop.Span, "training.early_stop"));
            }
        }

        internal static string Shape(FeatureShape shape) => shape + " (channels×height×width)";

        internal static string Size(InputSpec input) => $"{input.Height}×{input.Width}";
    }
}
