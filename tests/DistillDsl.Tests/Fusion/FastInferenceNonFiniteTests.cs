using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;
using DistillDsl.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Fusion;

/// <summary>A broken model must stay visibly broken on the fast path: NaN student weights give NaN maps, as on the plain path
/// (the evaluator and the detector report non-finite maps as errors).</summary>
public class FastInferenceNonFiniteTests
{
    [Theory]
    [InlineData("reduced_student_code")]
    [InlineData("stpm")]
    public void Nan_student_weights_give_non_finite_maps(string config)
    {
        using var graph = new DistillGraph(TestSpecs.ShippedSmall(config), new GraphBuildOptions { RandomTeacherWeights = true, Seed = 1 });
        using (no_grad())
        {
            foreach (var parameter in graph.StudentParameters()) ScalarArithmetic.FillInPlace(parameter, double.NaN);
        }
        using Tensor rgb = rand(1, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(5));
        using var fast = new FastInferenceGraph(graph);
        var (maps, scores) = fast.Run(rgb);
        using (maps)
        using (scores)
        {
            Assert.False(isfinite(maps).all().item<bool>(), $"{config}: fast maps are finite although every student weight is NaN");
        }
    }
}
