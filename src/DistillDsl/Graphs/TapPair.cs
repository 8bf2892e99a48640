using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>One tap's features: the teacher's after its spatial and channel pooling, and the student's; same shape.</summary>
public sealed record TapPair(Tensor Teacher, Tensor Student);
