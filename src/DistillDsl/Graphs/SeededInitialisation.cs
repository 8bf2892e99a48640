using DistillDsl.Data;
using DistillDsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DistillDsl.Graphs;

/// <summary>Initialises a module from a seed with its own generator, never torch's global one, so the same seed gives the
/// same parameters however many other modules were built before or at the same time (tests run in parallel).
/// The scheme is torchvision's for ResNet and EfficientNet: convolutions He-normal with fan-out (std √(2 / (out · kh · kw))),
/// biases 0, batch norm weight 1, bias 0 and fresh running statistics, linear weights uniform in ±1/√in; transposed
/// convolutions (Reverse Distillation's decoder) keep PyTorch's default, uniform in ±1/√fan_in.</summary>
public static class SeededInitialisation
{
    private const long TeacherRole = 1;
    private const long StudentRole = 2;

    /// <summary>The seed of the teacher at <paramref name="teacherIndex"/> in a graph seeded with <paramref name="graphSeed"/>.</summary>
    public static ulong TeacherSeed(int graphSeed, int teacherIndex) => DeterministicRandom.ForStream(graphSeed, teacherIndex, TeacherRole).NextUInt64();

    /// <summary>The seed of that teacher's student.</summary>
    public static ulong StudentSeed(int graphSeed, int teacherIndex) => DeterministicRandom.ForStream(graphSeed, teacherIndex, StudentRole).NextUInt64();

    /// <summary>Re-initialises every parameter and batch-norm statistic of <paramref name="module"/> (on the CPU).</summary>
    /// <exception cref="NotSupportedException">A submodule with parameters of a kind this scheme does not cover.</exception>
    public static void Apply(nn.Module module, ulong seed)
    {
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (nn.Module part in module.modules().Prepend(module))
        {
            switch (part)
            {
                case Conv2d conv:
                    long fanOut = conv.weight!.shape[0] * conv.weight.shape[2] * conv.weight.shape[3];
                    conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
                    conv.bias?.zero_();
                    break;
                case ConvTranspose2d transposed:
                    // PyTorch's own default (kaiming_uniform_ with a = √5: U(±1/√fan_in), fan_in = weight.size(1) · kh · kw), which
                    // Reverse Distillation's code keeps for its transposed convolutions (it re-initialises only nn.Conv2d).
                    long fanIn = transposed.weight!.shape[1] * transposed.weight.shape[2] * transposed.weight.shape[3];
                    double limit = 1.0 / Math.Sqrt(fanIn);
                    transposed.weight.uniform_(-limit, limit, generator);
                    transposed.bias?.uniform_(-limit, limit, generator);
                    break;
                case BatchNorm2d norm:
                    if (norm.weight is not null) ScalarArithmetic.FillInPlace(norm.weight, 1);
                    norm.bias?.zero_();
                    norm.running_mean?.zero_();
                    if (norm.running_var is not null) ScalarArithmetic.FillInPlace(norm.running_var, 1);
                    norm.num_batches_tracked?.zero_();
                    break;
                case Methods.MemoryBank.MemoryBank bank:
                    bank.FillRandom(generator);
                    break;
                case Linear linear:
                    double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                    linear.weight.uniform_(-bound, bound, generator);
                    linear.bias?.zero_();
                    break;
                default:
                    if (part.named_parameters(recurse: false).Any())
                    {
                        throw new NotSupportedException($"{nameof(SeededInitialisation)} does not know how to initialise a {part.GetType().Name}.");
                    }
                    break;
            }
        }
    }
}
