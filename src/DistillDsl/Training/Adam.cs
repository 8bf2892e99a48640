using DistillDsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Training;

/// <summary>TorchSharp's Adam (same options, state, saved format and schedule support) whose step holds every number it
/// passes to LibTorch in a <see cref="Scalar"/> until the call returns; TorchSharp's class name is kept for the saved
/// state, as <see cref="SGD"/> explains.</summary>
/// <remarks>The update is PyTorch's: g ← g + wd·p; m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
/// p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε) (with AMSGrad, the running maximum of v in v's place).</remarks>
internal sealed class Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double weightDecay)
    : TorchSharp.Modules.Adam(parameters, lr, beta1: beta1, beta2: beta2, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        Options options = group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, weightDecay = options.weight_decay!.Value;
        double lr = options.LearningRate!.Value;
        using Scalar one = 1.0.ToScalar();
        using Scalar decay = weightDecay.ToScalar();
        using Scalar keepMean = beta1.ToScalar();
        using Scalar takeMean = (1 - beta1).ToScalar();
        using Scalar keepSquare = beta2.ToScalar();
        using Scalar takeSquare = (1 - beta2).ToScalar();
        using Scalar epsilon = options.eps!.Value.ToScalar();
        foreach (Parameter parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            Tensor? gradient = parameter.grad;
            if (gradient is null) continue;
            if (options.maximize!.Value) gradient = gradient.neg();
            state.step += 1;
            double meanCorrection = 1 - Math.Pow(beta1, state.step);
            double squareCorrection = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0) gradient = gradient.add(parameter, decay);
            state.exp_avg.mul_(keepMean).add_(gradient, takeMean);
            state.exp_avg_sq.mul_(keepSquare).addcmul_(gradient, gradient.conj(), takeSquare);
            Tensor second = state.exp_avg_sq;
            if (options.amsgrad!.Value)
            {
                Tensor previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                second = state.max_exp_avg_sq;
            }
            using Scalar rootCorrection = Math.Sqrt(squareCorrection).ToScalar();
            using Scalar stepSize = (-lr / meanCorrection).ToScalar();
            Tensor denominator = second.sqrt().div(rootCorrection).add_(epsilon, one);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
