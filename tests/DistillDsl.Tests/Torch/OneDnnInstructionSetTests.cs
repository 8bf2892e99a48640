using DistillDsl.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DistillDsl.Tests.Torch;

/// <summary>The convolutions seen wrong on an AMD EPYC with AVX-512 under oneDNN's own instruction-set choice are right
/// once the library has made its choice (<see cref="OneDnnInstructionSet"/>), with one thread as with all of them.</summary>
[Collection(Training.SerialTrainingCollection.Name)]
public class OneDnnInstructionSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Strided_convolutions_of_small_batches_are_right_with_one_thread()
    {
        output.WriteLine($"{OneDnnInstructionSet.Variable}: {OneDnnInstructionSet.Applied ?? Environment.GetEnvironmentVariable(OneDnnInstructionSet.Variable) ?? "oneDNN's own choice"}");
        int threads = get_num_threads();
        try
        {
            foreach (int count in new[] { 1, threads })
            {
                set_num_threads(count);
                using var scope = NewDisposeScope();
                var generator = new Generator(3);
                foreach (var (input, output, side) in new (long, long, long)[] { (24, 40, 16), (40, 80, 8) })
                {
                    Tensor x = randn([2, input, side, side], generator: generator);
                    Tensor weight = randn([output, input, 3, 3], generator: generator);
                    Tensor actual = nn.functional.conv2d(x, weight, strides: [2, 2], padding: [1, 1]).to(float64);
                    Tensor expected = nn.functional.conv2d(x.to(float64), weight.to(float64), strides: [2, 2], padding: [1, 1]);
                    double difference = ((actual - expected).abs().max() / expected.abs().max()).item<double>();
                    Assert.True(difference < 1e-5, $"{input} → {output} at {side}², {count} thread(s): off by {difference:E2} of the largest value");
                }
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
