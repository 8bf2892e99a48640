using System.Runtime;
using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Tests.Graphs;
using DistillDsl.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Fusion;

/// <summary>Needs the live tensor count (a process-wide counter) to itself, like the training's live tensor test.</summary>
[Collection(SerialTrainingCollection.Name)]
public class FastInferenceMemoryTests
{
    [Theory]
    [InlineData("reduced_student_paper")]
    [InlineData("mixed_teacher_code")]
    public void Live_tensors_do_not_grow_over_many_calls(string config)
    {
        using DistillGraph graph = FastInferenceGraphTests.RandomisedGraph(config);
        using var fast = new FastInferenceGraph(graph);
        using Tensor rgb = rand(2, 3, TestSpecs.SmallSide, TestSpecs.SmallSide, generator: new Generator(6));
        using Tensor bytes = randint(0, 256, [2, 3, 80, 70], dtype: ScalarType.Byte, generator: new Generator(7));
        void Call()
        {
            var (maps, scores) = fast.Run(rgb);
            maps.Dispose();
            scores.Dispose();
            (maps, scores) = fast.RunBytes(bytes);
            maps.Dispose();
            scores.Dispose();
        }

        Call();
        // The garbage collector is held off so that a tensor left undisposed stays counted instead of being finalised.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(GC.TryStartNoGCRegion(100_000_000), "could not hold off the garbage collector");
        long before, after;
        try
        {
            before = Tensor.TotalCount;
            for (int i = 0; i < 25; i++) Call();
            after = Tensor.TotalCount;
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
        Assert.Equal(before, after);
    }
}
