using DistillDsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>TorchSharp's SGD (same options, state, saved format and schedule support) whose step holds every number it
/// passes to LibTorch in a <see cref="Scalar"/> until the call returns. It keeps TorchSharp's class name because a saved
/// optimiser state starts with that name and loads only into a class of the same name, so checkpoints written before and
/// after it resume either way.</summary>
/// <remarks>TorchSharp 0.107's own step turns momentum, 1 − dampening, weight decay and −lr into Scalars that nothing
/// references during the native call, so a garbage collection started by another thread can free one while LibTorch reads
/// it (the race <see cref="ScalarArithmetic"/> describes; seen here as a failed scalar conversion in an SGD step of a test
/// run under load). The update is PyTorch's: g ← g + wd·p; b ← m·b + (1 − dampening)·g (b ← g at the first step);
/// g ← g + m·b with Nesterov, else g ← b; p ← p − lr·g (p + lr·g when maximising).</remarks>
internal sealed class SGD(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay)
    : TorchSharp.Modules.SGD(parameters, lr, momentum: momentum, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        Options options = group.Options;
        double momentum = options.momentum!.Value, weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        using Scalar decay = weightDecay.ToScalar();
        using Scalar keep = momentum.ToScalar();
        using Scalar take = (1 - options.dampening!.Value).ToScalar();
        using Scalar stepSize = (options.maximize!.Value ? lr : -lr).ToScalar();
        foreach (Parameter parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            Tensor? gradient = parameter.grad;
            if (gradient is null) continue;
            if (weightDecay != 0) gradient = gradient.add(parameter, decay);
            if (momentum != 0)
            {
                Tensor buffer = state.momentum_buffer;
                if (buffer is null)
                {
                    buffer = gradient.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buffer;
                }
                else
                {
                    buffer.mul_(keep).add_(gradient, take);
                }
                gradient = options.nesterov!.Value ? gradient.add(buffer, keep) : buffer;
            }
            parameter.add_(gradient, stepSize);
        }
    }, closure);
}
