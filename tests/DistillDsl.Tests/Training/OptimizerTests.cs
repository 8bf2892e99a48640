using DistillDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Training;

/// <summary>The trainer's SGD and Adam against TorchSharp's own: the same parameters after every step, and a saved state
/// each can load from the other.</summary>
public class OptimizerTests
{
    [Theory]
    [InlineData(0.9, 1e-4)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.0)]
    public void Sgd_steps_give_the_parameters_torchsharps_sgd_gives(double momentum, double weightDecay)
    {
        using var scope = NewDisposeScope();
        var (ours, oursWeights) = Model(seed: 4);
        var (theirs, theirsWeights) = Model(seed: 4);
        using var oursOptimizer = new DistillDsl.Training.SGD(ours, 0.05, momentum, weightDecay);
        using var theirsOptimizer = optim.SGD(theirs, 0.05, momentum: momentum, weight_decay: weightDecay);
        for (int step = 0; step < 5; step++)
        {
            Tensor input = randn([6, 3], generator: new Generator((ulong)(10 + step)));
            Step(oursOptimizer, oursWeights, input);
            Step(theirsOptimizer, theirsWeights, input);
            Assert.Equal(theirsWeights.data<float>().ToArray(), oursWeights.data<float>().ToArray());
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    public void Adam_steps_give_the_parameters_torchsharps_adam_gives(double weightDecay)
    {
        using var scope = NewDisposeScope();
        var (ours, oursWeights) = Model(seed: 6);
        var (theirs, theirsWeights) = Model(seed: 6);
        using var oursOptimizer = new DistillDsl.Training.Adam(ours, 0.01, 0.9, 0.999, weightDecay);
        using var theirsOptimizer = optim.Adam(theirs, 0.01, beta1: 0.9, beta2: 0.999, weight_decay: weightDecay);
        for (int step = 0; step < 5; step++)
        {
            Tensor input = randn([6, 3], generator: new Generator((ulong)(20 + step)));
            Step(oursOptimizer, oursWeights, input);
            Step(theirsOptimizer, theirsWeights, input);
            Assert.Equal(theirsWeights.data<float>().ToArray(), oursWeights.data<float>().ToArray());
        }
        Assert.Equal(StudentOptimizer.Save(theirsOptimizer), StudentOptimizer.Save(oursOptimizer));
    }

    [Fact]
    public void Sgd_saved_state_is_torchsharps_format()
    {
        using var scope = NewDisposeScope();
        var (ours, oursWeights) = Model(seed: 5);
        var (theirs, theirsWeights) = Model(seed: 5);
        using var oursOptimizer = new DistillDsl.Training.SGD(ours, 0.05, 0.9, 1e-4);
        using var theirsOptimizer = optim.SGD(theirs, 0.05, momentum: 0.9, weight_decay: 1e-4);
        Tensor first = randn([6, 3], generator: new Generator(1));
        Step(oursOptimizer, oursWeights, first);
        Step(theirsOptimizer, theirsWeights, first);

        // The same bytes (TorchSharp's format, its class name first), so each loads the other's: after swapping states,
        // the next steps still agree.
        byte[] oursState = StudentOptimizer.Save(oursOptimizer), theirsState = StudentOptimizer.Save(theirsOptimizer);
        Assert.Equal(oursState, theirsState);
        StudentOptimizer.Load(theirsOptimizer, oursState);
        StudentOptimizer.Load(oursOptimizer, theirsState);
        Tensor second = randn([6, 3], generator: new Generator(2));
        Step(oursOptimizer, oursWeights, second);
        Step(theirsOptimizer, theirsWeights, second);
        Assert.Equal(theirsWeights.data<float>().ToArray(), oursWeights.data<float>().ToArray());
    }

    private static (IEnumerable<Parameter> Parameters, Parameter Weights) Model(int seed)
    {
        var weights = new Parameter(randn([3, 2], generator: new Generator((ulong)seed)));
        return ([weights], weights);
    }

    private static void Step(OptimizerHelper optimizer, Parameter weights, Tensor input)
    {
        optimizer.zero_grad();
        using Tensor loss = input.matmul(weights).square().mean();
        loss.backward();
        optimizer.step();
    }
}
