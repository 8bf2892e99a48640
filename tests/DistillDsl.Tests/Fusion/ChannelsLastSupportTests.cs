using DistillDsl.Fusion;
using DistillDsl.Graphs;
using DistillDsl.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Fusion;

/// <summary>Channels-last is used only where LibTorch's channels-last convolutions agree with NCHW on this machine; where
/// they do not, the fast path and training run NCHW and say why.</summary>
public class ChannelsLastSupportTests(ITestOutputHelper output)
{
    [Fact]
    public void The_fast_path_and_training_use_channels_last_exactly_where_it_is_right()
    {
        output.WriteLine($"this machine: {ChannelsLastSupport.Problem ?? "channels-last convolutions agree with NCHW"}");
        using DistillGraph graph = FastInferenceGraphTests.RandomisedGraph("reduced_student_code");
        using var fast = new FastInferenceGraph(graph, new FastInferenceOptions { ChannelsLast = true });
        using var training = new TrainingForward(graph, channelsLast: true);
        bool right = ChannelsLastSupport.Problem is null;
        Assert.Equal(right, fast.UsesChannelsLast);
        Assert.Equal(right, training.ChannelsLast);
        Assert.Equal(ChannelsLastSupport.Problem, fast.ChannelsLastRefused);
        Assert.Equal(ChannelsLastSupport.Problem, training.ChannelsLastRefused);
        if (!right) Assert.Contains("NCHW is used", ChannelsLastSupport.Problem);

        using var nchw = new FastInferenceGraph(graph, new FastInferenceOptions { ChannelsLast = false });
        Assert.False(nchw.UsesChannelsLast);
        Assert.Null(nchw.ChannelsLastRefused);
    }

    [SkippableFact]
    public void Where_channels_last_is_used_its_1x1_convolutions_agree_with_nchw()
    {
        Skip.If(ChannelsLastSupport.Problem is not null, $"channels-last is not used on this machine: {ChannelsLastSupport.Problem}");
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        Tensor x = randn([2, 256, 8, 8], generator: generator);
        Tensor weight = randn([512, 256, 1, 1], generator: generator);
        Tensor expected = nn.functional.conv2d(x, weight, strides: [2, 2]);
        Tensor actual = nn.functional.conv2d(MemoryLayout.ChannelsLast(x), MemoryLayout.ChannelsLast(weight), strides: [2, 2]);
        Assert.True((actual - expected).abs().max().item<float>() <= 1e-4 * expected.abs().max().item<float>());
    }
}
