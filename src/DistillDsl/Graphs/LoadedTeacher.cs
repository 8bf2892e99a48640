using DistillDsl.Backbones;
using DistillDsl.Data;

namespace DistillDsl.Graphs;

/// <summary>A teacher backbone with its weights (frozen, eval mode) and the input normalisation those weights expect.</summary>
public sealed record LoadedTeacher(ITappedBackbone Backbone, NormalizationParameters Normalization);
